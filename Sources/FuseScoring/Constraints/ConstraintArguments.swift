import Foundation

/// The kwargs of one instruction, as in IFEval's `input_data.jsonl` (`null` values are absent).
public struct ConstraintArguments: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case int(Int)
        case string(String)
        case strings([String])
    }

    public var values: [String: Value]

    public init(_ values: [String: Value] = [:]) { self.values = values }

    /// Reads kwargs JSON: one object, or a list of objects (one per instruction). Numbers must be
    /// integers, lists must hold strings; `null` values are dropped, as IFEval ignores them.
    public static func decodeList(_ json: String) throws(ConstraintError) -> [ConstraintArguments] {
        let data = Data(json.utf8)
        let decoder = JSONDecoder()
        if let list = try? decoder.decode([[String: Raw]].self, from: data) { return try list.map(convert) }
        do { return [try convert(try decoder.decode([String: Raw].self, from: data))] } catch let e as ConstraintError { throw e } catch {
            throw .badKwargs("expected a JSON object or a list of objects: \(error)")
        }
    }

    private enum Raw: Decodable {
        case null, int(Int), string(String), strings([String]), other
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let v = try? c.decode(Int.self) { self = .int(v) }
            else if let v = try? c.decode(String.self) { self = .string(v) }
            else if let v = try? c.decode([String].self) { self = .strings(v) }
            else { self = .other }
        }
    }

    private static func convert(_ object: [String: Raw]) throws(ConstraintError) -> ConstraintArguments {
        var values: [String: Value] = [:]
        for (key, raw) in object {
            switch raw {
            case .null: continue
            case .int(let v): values[key] = .int(v)
            case .string(let v): values[key] = .string(v)
            case .strings(let v): values[key] = .strings(v)
            case .other: throw .badKwargs("'\(key)' must be a string, an integer or a list of strings")
            }
        }
        return ConstraintArguments(values)
    }

    func int(_ name: String, _ id: InstructionID) throws(ConstraintError) -> Int {
        switch values[name] {
        case .int(let v): return v
        case .string(let s): if let v = Int(s) { return v }; throw .badArgument(instruction: id.rawValue, name: name, expected: "an integer")
        case nil: throw .missingArgument(instruction: id.rawValue, name: name)
        default: throw .badArgument(instruction: id.rawValue, name: name, expected: "an integer")
        }
    }

    func string(_ name: String, _ id: InstructionID) throws(ConstraintError) -> String {
        switch values[name] {
        case .string(let s): return s
        case nil: throw .missingArgument(instruction: id.rawValue, name: name)
        default: throw .badArgument(instruction: id.rawValue, name: name, expected: "a string")
        }
    }

    func strings(_ name: String, _ id: InstructionID) throws(ConstraintError) -> [String] {
        switch values[name] {
        case .strings(let s): return s
        case .string(let s): return [s]
        case nil: throw .missingArgument(instruction: id.rawValue, name: name)
        default: throw .badArgument(instruction: id.rawValue, name: name, expected: "a list of strings")
        }
    }

    /// IFEval's comparison relation: "less than" or "at least".
    func relation(_ name: String, _ id: InstructionID) throws(ConstraintError) -> Bool {
        let r = try string(name, id)
        switch r {
        case "less than": return true
        case "at least": return false
        default: throw .badArgument(instruction: id.rawValue, name: name, expected: "\"less than\" or \"at least\"")
        }
    }
}
