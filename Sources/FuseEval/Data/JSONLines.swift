import Foundation

/// Reads a data set's JSON Lines file into decoded rows, naming the file and line on failure.
enum JSONLines {
    static func read<T: Decodable>(_ url: URL, as type: T.Type) throws(EvalError) -> [T] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .io(path: url.path, detail: "\(error)") }
        let decoder = JSONDecoder()
        var rows: [T] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() where !line.allSatisfy({ $0 == 32 || $0 == 13 }) {
            do { rows.append(try decoder.decode(T.self, from: Data(line))) } catch {
                throw .badData(path: url.path, line: index + 1, detail: "\(error)")
            }
        }
        return rows
    }
}
