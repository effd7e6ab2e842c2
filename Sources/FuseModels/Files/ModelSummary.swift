import FuseFormats
import FuseText

/// What `fusechat inspect` reports about a model: architecture, size, tensor types, vocabulary,
/// special tokens and chat template.
public struct ModelSummary: Encodable, Sendable, Equatable {
    /// Tensors of one storage type.
    public struct TensorType: Encodable, Sendable, Equatable {
        public let type: String
        public let tensors: Int
        public let parameters: Int
        public let bytes: Int
    }

    /// One special token: its role (`bos`, `eos`, `eot`, `unk`, `pad`), id and spelling.
    public struct SpecialToken: Encodable, Sendable, Equatable {
        public let role: String
        public let id: Int
        public let text: String
    }

    /// Where the chat template comes from: `embedded` (the files carry it), `builtin` (FuseChat's
    /// template for the architecture), `none`, or `invalid` (the files' template does not compile).
    public struct Template: Encodable, Sendable, Equatable {
        public let origin: String
        /// The built-in template's name.
        public let name: String?
        public let characters: Int
        /// Why there is no usable template.
        public let error: String?
    }

    public let path: String
    /// `gguf` or `huggingface`.
    public let format: String
    public let architecture: String
    /// `general.name`, or the first of config.json's `architectures`.
    public let name: String?
    public let parameters: Int
    public let tensorCount: Int
    /// By bytes, largest first.
    public let tensorTypes: [TensorType]
    public let vocabularySize: Int
    /// `byte-level BPE (qwen2 pre-tokenizer)` or `SentencePiece BPE`.
    public let tokenizerType: String
    public let specialTokens: [SpecialToken]
    public let addBOS: Bool
    public let addEOS: Bool
    public let chatTemplate: Template

    /// Summarizes opened model files with their tokenizer.
    public init(_ files: ModelFiles, tokenizer: BPETokenizer) {
        path = files.location.path
        architecture = files.architecture
        switch files.contents {
        case .gguf(let file):
            format = "gguf"
            name = file.string("general.name")
        case .huggingFace(let folder):
            format = "huggingface"
            name = folder.architectures.first
        }
        var byType: [String: (tensors: Int, parameters: Int, bytes: Int)] = [:]
        var parameters = 0
        var tensorCount = 0
        if let store = files.tensors {
            for name in store.tensorNames {
                guard let tensor = store.tensor(named: name) else { continue }
                let entry = byType[tensor.type.description] ?? (0, 0, 0)
                byType[tensor.type.description] = (entry.tensors + 1, entry.parameters + tensor.elementCount, entry.bytes + tensor.data.count)
                parameters += tensor.elementCount
                tensorCount += 1
            }
        }
        self.parameters = parameters
        self.tensorCount = tensorCount
        tensorTypes = byType.map { TensorType(type: $0.key, tensors: $0.value.tensors, parameters: $0.value.parameters, bytes: $0.value.bytes) }
            .sorted { ($0.bytes, $1.type) > ($1.bytes, $0.type) }
        vocabularySize = tokenizer.vocabularySize
        switch tokenizer.kind {
        case .byteLevel(let pre, _): tokenizerType = "byte-level BPE (\(pre.rawValue) pre-tokenizer)"
        case .sentencePiece: tokenizerType = "SentencePiece BPE"
        }
        let special = tokenizer.specialTokens
        let roles = [("bos", special.bos), ("eos", special.eos), ("eot", special.eot), ("unk", special.unknown), ("pad", special.padding)]
        specialTokens = roles.compactMap { role, id in
            guard let id, let text = tokenizer.token(for: id) else { return nil }
            return SpecialToken(role: role, id: id, text: text)
        }
        addBOS = special.addBOS
        addEOS = special.addEOS
        do {
            let template = try files.chatTemplate()
            chatTemplate = Template(origin: template.isBuiltin ? "builtin" : "embedded", name: template.isBuiltin ? template.name : nil,
                                    characters: template.source.count, error: nil)
        } catch {
            let embedded = files.embeddedChatTemplate ?? ""
            chatTemplate = Template(origin: embedded.isEmpty ? "none" : "invalid", name: nil, characters: embedded.count,
                                    error: error.description)
        }
    }
}
