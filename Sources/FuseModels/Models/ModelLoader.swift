import Foundation
import FuseFormats
import FuseTensor

/// Opens a model from disk: a GGUF file (weights stay memory-mapped and quantized) or a Hugging
/// Face folder (config.json + safetensors).
public enum ModelLoader {
    /// Why a model could not be opened.
    public enum LoadError: Error, CustomStringConvertible {
        case gguf(GGUFError)
        case safetensors(SafetensorsError)
        case configuration(ModelConfigurationError)
        case io(path: String, detail: String)

        public var description: String {
            switch self {
            case .gguf(let e): return e.description
            case .safetensors(let e): return e.description
            case .configuration(let e): return e.description
            case .io(let path, let detail): return "\(path): \(detail)"
            }
        }
    }

    /// The model at `location`; `activations` chooses the arithmetic of its small-batch
    /// (decode) products with quantized weights.
    public static func load(_ location: ModelLocation,
                            activations: ActivationPrecision = .float32) throws(LoadError) -> any LanguageModel {
        switch location {
        case .gguf(let path): return try load(ggufPath: path, activations: activations)
        case .huggingFaceFolder(let path): return try load(huggingFaceFolder: path, activations: activations)
        }
    }

    /// A model from a GGUF file.
    public static func load(ggufPath path: String,
                            activations: ActivationPrecision = .float32) throws(LoadError) -> any LanguageModel {
        let file: GGUFFile
        do { file = try GGUFFile(path: path) } catch { throw .gguf(error) }
        do {
            return try ModelRegistry.model(try ModelConfiguration(gguf: file.metadata, tensors: file), store: file,
                                           activations: activations)
        } catch {
            throw .configuration(error)
        }
    }

    /// A model from a Hugging Face folder.
    public static func load(huggingFaceFolder path: String,
                            activations: ActivationPrecision = .float32) throws(LoadError) -> any LanguageModel {
        let configPath = (path as NSString).appendingPathComponent("config.json")
        guard let data = FileManager.default.contents(atPath: configPath) else {
            throw .io(path: configPath, detail: "cannot read config.json")
        }
        let weights: SafetensorsFolder
        do { weights = try SafetensorsFolder(folder: path) } catch { throw .safetensors(error) }
        do {
            return try ModelRegistry.model(try ModelConfiguration(huggingFaceConfig: data), store: weights,
                                           activations: activations)
        } catch {
            throw .configuration(error)
        }
    }
}
