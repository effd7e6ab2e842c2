import Foundation

/// Why an export could not be written.
public enum ExportError: Error, CustomStringConvertible, Equatable {
    case missingData(URL)
    case unreadable(URL, String)
    case unwritable(URL, String)
    case unknownTool(String)

    public var description: String {
        switch self {
        case .missingData(let url):
            return "\(url.path): neither sft.jsonl nor dpo.jsonl found in this run folder (run `fusechat pairs` first)"
        case .unreadable(let url, let why): return "\(url.path): cannot read: \(why)"
        case .unwritable(let url, let why): return "\(url.path): cannot write: \(why)"
        case .unknownTool(let name):
            return "unknown export target '\(name)': expected one of \(ExportTool.allCases.map(\.rawValue).joined(separator: ", "))"
        }
    }
}
