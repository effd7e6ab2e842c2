import Foundation
import FuseFormats
import FuseModels

/// The model to train, opened from a demo name, a `.gguf` file or a Hugging Face folder.
public struct TrainingTarget {
    public let files: ModelFiles

    public init(files: ModelFiles) { self.files = files }

    /// Resolves and opens `reference` (as `ModelFiles.open`).
    public static func open(_ reference: String) throws(TrainerError) -> TrainingTarget {
        do { return TrainingTarget(files: try ModelFiles.open(reference)) } catch {
            throw .configuration("cannot open model \(reference): \(error)")
        }
    }

    /// A fresh Float32 copy of the weights (GGUF tensors dequantized; Llama q/k un-permuted).
    public func loadModel() throws(TrainerError) -> TrainableModel {
        switch files.contents {
        case .gguf(let file):
            do { return try TrainableModel(gguf: file) } catch { throw .model(error) }
        case .huggingFace(let folder):
            let configuration: TrainingConfiguration
            do {
                let json = Data(JSONWriter.compact(.object(folder.config)).utf8)
                configuration = try JSONDecoder().decode(TrainingConfiguration.self, from: json)
            } catch { throw .model(.badConfiguration(detail: "\(folder.path)/config.json: \(error)")) }
            guard let weights = folder.weights else { throw .configuration("\(folder.path) has no safetensors weights") }
            let model = TrainableModel(configuration: configuration)
            do { try model.load(from: weights) } catch { throw .model(error) }
            return model
        }
    }

    /// The tokenizer and chat template of the target, for `maxLength`-token examples.
    public func encoder(maxLength: Int) throws(TrainerError) -> ConversationEncoder {
        do { return try ConversationEncoder(files: files, maxLength: maxLength) } catch {
            throw .configuration("tokenizer or chat template of \(files.location.path): \(error)")
        }
    }

    /// A hash of the weight files' content (SHA-256 of each, in name order), naming the model in
    /// cache keys.
    public func identity() throws(TrainerError) -> String {
        let path = files.location.path
        var paths = [path]
        if case .huggingFace = files.contents {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            paths = names.filter { $0.hasSuffix(".safetensors") || $0 == "config.json" }.sorted().map { path + "/" + $0 }
        }
        var parts: [String] = []
        for p in paths {
            do { parts.append(try ModelStore.sha256(of: URL(fileURLWithPath: p))) } catch {
                throw .io(path: p, detail: "cannot hash: \(error)")
            }
        }
        return parts.joined(separator: "+")
    }
}
