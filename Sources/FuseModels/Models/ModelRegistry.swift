import FuseFormats
import FuseTensor

/// Maps architecture names (GGUF `general.architecture`; `ModelConfiguration` folds Hugging Face
/// `model_type` values onto them) to model constructors.
public enum ModelRegistry {
    public typealias Constructor = (ModelConfiguration, TensorStore, ActivationPrecision) throws(ModelConfigurationError)
        -> any LanguageModel

    private static let constructors: [String: Constructor] = [
        "llama": { (c, s, a) throws(ModelConfigurationError) in try LlamaModel(configuration: c, store: s, activations: a) },
        "qwen2": { (c, s, a) throws(ModelConfigurationError) in try Qwen2Model(configuration: c, store: s, activations: a) },
        "gemma3": { (c, s, a) throws(ModelConfigurationError) in try Gemma3Model(configuration: c, store: s, activations: a) },
    ]

    /// Registered architecture names, sorted.
    public static var architectures: [String] { constructors.keys.sorted() }

    /// The model for `configuration.architecture` with weights from `store`.
    public static func model(_ configuration: ModelConfiguration, store: TensorStore,
                             activations: ActivationPrecision = .float32) throws(ModelConfigurationError) -> any LanguageModel {
        guard let make = constructors[configuration.architecture] else {
            throw .unknownArchitecture(configuration.architecture)
        }
        return try make(configuration, store, activations)
    }
}
