import Foundation
import Yams

/// An ordered configuration tree, written as YAML (training configs) or JSON (DeepSpeed,
/// `dataset_info.json`) with keys in the order given, so exports read like hand-written files.
public indirect enum ConfigValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case list([ConfigValue])
    case map([(String, ConfigValue)])

    public static func == (lhs: ConfigValue, rhs: ConfigValue) -> Bool { lhs.json() == rhs.json() }

    /// The value under `key` of a map (nil for other cases or a missing key).
    public subscript(key: String) -> ConfigValue? {
        guard case .map(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    /// YAML text. Floats always carry a decimal point (`5.0e-06`): PyYAML reads `5e-06` as a string.
    public func yaml() -> String {
        (try? Yams.serialize(node: node, indent: 2, width: -1, sortKeys: false)) ?? ""
    }

    /// JSON text, pretty-printed with two-space indentation.
    public func json(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .string(let s): return Self.quoted(s)
        case .int(let i): return String(i)
        case .double(let d): return Self.number(d)
        case .bool(let b): return b ? "true" : "false"
        case .list(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { inner + $0.json(indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .map(let pairs):
            if pairs.isEmpty { return "{}" }
            return "{\n" + pairs.map { inner + Self.quoted($0.0) + ": " + $0.1.json(indent: inner) }
                .joined(separator: ",\n") + "\n\(indent)}"
        }
    }

    private var node: Node {
        switch self {
        case .string(let s): return Node(s, Tag(.str), .doubleQuoted)
        case .int(let i): return Node(String(i), Tag(.int))
        case .double(let d): return Node(Self.number(d), Tag(.float))
        case .bool(let b): return Node(b ? "true" : "false", Tag(.bool))
        case .list(let items): return Node(items.map(\.node))
        case .map(let pairs): return Node(pairs.map { (Node($0.0), $0.1.node) })
        }
    }

    /// `5e-06` -> `5.0e-06`; `10.0` stays.
    static func number(_ d: Double) -> String {
        let s = "\(d)"
        guard let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }), !s[..<e].contains(".") else { return s }
        return s[..<e] + ".0" + s[e...]
    }

    static func quoted(_ s: String) -> String {
        let data = (try? JSONEncoder.plain.encode(s)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

extension JSONEncoder {
    /// Compact JSON with sorted keys and unescaped slashes, one record per JSONL line.
    static var plain: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
