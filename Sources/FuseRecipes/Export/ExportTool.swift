/// The training stacks `fusechat export` writes for.
public enum ExportTool: String, Sendable, CaseIterable {
    case trl
    case llamaFactory = "llama-factory"
    case openrlhf
    case mlxLM = "mlx-lm"

    /// Parses a `--to` value.
    public init(name: String) throws(ExportError) {
        guard let tool = ExportTool(rawValue: name.lowercased()) else { throw .unknownTool(name) }
        self = tool
    }
}
