import FuseFormats
import FuseText

/// Why a model's files could not be opened, or its tokenizer or chat template built.
public enum ModelFilesError: Error, CustomStringConvertible {
    case store(ModelStoreError)
    case gguf(GGUFError)
    case huggingFace(HuggingFaceError)
    case tokenizer(TokenizerError)
    case chatTemplate(path: String, ChatTemplateError)
    /// A model folder lacks what a tokenizer needs.
    case noTokenizer(path: String, detail: String)

    public var description: String {
        switch self {
        case .store(let error): return error.description
        case .gguf(let error): return error.description
        case .huggingFace(let error): return error.description
        case .tokenizer(let error): return error.description
        case .chatTemplate(let path, let error): return "\(path): \(error)"
        case .noTokenizer(let path, let detail): return "\(path): \(detail)"
        }
    }
}
