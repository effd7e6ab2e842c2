/// A sharded checkpoint's index, `model.safetensors.index.json`:
/// `{"metadata": {"total_size": N, ...}, "weight_map": {"tensor name": "shard file name", ...}}`.
public struct SafetensorsIndex: Sendable, Equatable {
    /// The conventional file name of the index.
    public static let fileName = "model.safetensors.index.json"

    /// Free-form metadata (`total_size` is the sum of the tensors' byte sizes).
    public var metadata: [String: JSONValue]
    /// Tensor name to the shard file (relative to the index's folder) that holds it.
    public var weightMap: [String: String]

    public init(metadata: [String: JSONValue], weightMap: [String: String]) {
        self.metadata = metadata
        self.weightMap = weightMap
    }

    /// The shard file names, sorted.
    public var shardNames: [String] { Set(weightMap.values).sorted() }

    /// Parses index JSON; `path` names the file in errors.
    public init(json bytes: [UInt8], path: String) throws(SafetensorsError) {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw .invalidIndex(path: path, detail: error.description) }
        guard case .object(let members) = value else { throw .invalidIndex(path: path, detail: "not a JSON object") }
        guard case .object(let map)? = members["weight_map"] else {
            throw .invalidIndex(path: path, detail: "no 'weight_map' object")
        }
        var weightMap: [String: String] = [:]
        for (tensor, shard) in map {
            guard case .string(let file) = shard else {
                throw .invalidIndex(path: path, detail: "weight_map entry for '\(tensor)' is \(shard), expected a file name")
            }
            guard !file.isEmpty, !file.hasPrefix("/"), !file.split(separator: "/").contains("..") else {
                throw .invalidIndex(path: path, detail: "shard name '\(file)' must be a file inside the index's folder")
            }
            weightMap[tensor] = file
        }
        switch members["metadata"] {
        case nil, .null?: metadata = [:]
        case .object(let object)?: metadata = object
        case let other?: throw .invalidIndex(path: path, detail: "'metadata' is \(other), expected an object")
        }
        self.weightMap = weightMap
    }

    /// The index as Python's `json.dump(index, indent=2)` writes it when the entries are given in
    /// `order` (the tensors' order in the shards); metadata keys sorted.
    public func jsonText(order: [String]) -> String {
        let metadataLines = metadata.keys.sorted().map { key in
            "    \(JSONWriter.quoted(key, asciiOnly: true)): \(JSONWriter.indented(metadata[key]!).replacingIndent(by: 4))"
        }
        let mapLines = order.compactMap { name in
            weightMap[name].map { "    \(JSONWriter.quoted(name, asciiOnly: true)): \(JSONWriter.quoted($0, asciiOnly: true))" }
        }
        func block(_ lines: [String]) -> String { lines.isEmpty ? "{}" : "{\n" + lines.joined(separator: ",\n") + "\n  }" }
        return "{\n  \"metadata\": \(block(metadataLines)),\n  \"weight_map\": \(block(mapLines))\n}"
    }
}

private extension String {
    /// Indents every line after the first by `spaces` more.
    func replacingIndent(by spaces: Int) -> String {
        split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
            .map { $0.offset == 0 ? String($0.element) : String(repeating: " ", count: spaces) + $0.element }
            .joined(separator: "\n")
    }
}
