import Foundation
import FuseFormats
import FuseTensor

/// Writes a trained model as a GGUF file (for FuseChat's engine and llama.cpp) or a Hugging Face
/// folder (for transformers).
public enum ModelExport {
    /// GGUF storage of the weight matrices (norm weights and biases always stay F32, as llama.cpp's
    /// converter writes them).
    public enum GGUFType: String, Sendable, CaseIterable {
        case f32, f16, q8_0

        var ggml: GGMLType { switch self { case .f32: .f32; case .f16: .f16; case .q8_0: .q8_0 } }
        /// `general.file_type` (llama.cpp's `LLAMA_FTYPE_*`).
        var fileType: UInt32 { switch self { case .f32: 0; case .f16: 1; case .q8_0: 7 } }
    }

    /// A self-contained GGUF file: every metadata entry of the target's GGUF (architecture,
    /// hyperparameters, tokenizer, chat template) with `general.file_type` updated, and the
    /// model's tensors under llama.cpp's names (Llama q/k rows permuted back to llama.cpp's
    /// interleaved RoPE order). The target must be a GGUF file (its tokenizer metadata is copied).
    public static func gguf(_ model: TrainableModel, target: TrainingTarget, to url: URL, type: GGUFType) throws(TrainerError) {
        guard case .gguf(let source) = target.files.contents else {
            throw .export("GGUF export copies the tokenizer metadata of a GGUF target; \(target.files.location.path) is a Hugging Face folder")
        }
        let c = model.configuration
        let architecture = source.string("general.architecture") ?? "llama"
        var writer = GGUFWriter()
        writer.setMetadata(from: source)
        writer.set("general.file_type", .uint32(type.fileType))
        let names = GGUFTensorNames.map(layers: c.layerCount)
        do {
            for entry in model.layout.entries {
                var values = Array(model.parameters[entry.offset..<entry.offset + entry.count])
                if architecture == "llama", entry.name.hasSuffix("q_proj.weight") || entry.name.hasSuffix("k_proj.weight") {
                    let heads = entry.name.hasSuffix("q_proj.weight") ? c.headCount : c.kvHeadCount
                    values = permuteRotaryRows(values, heads: heads, headSize: c.headSize, columns: c.hiddenSize)
                }
                let storage: GGMLType = entry.shape.count == 1 ? .f32 : type.ggml
                try writer.addTensor(name: names[entry.name]!, shape: entry.shape, values: values, as: storage)
            }
            try writer.write(to: url.path)
        } catch { throw .export("\(url.path): \(error)") }
    }

    /// Row j·d/2 + i of each head (Hugging Face halves) moves to row 2i + j (llama.cpp pairs): the
    /// inverse of the permutation undone when a Llama GGUF is loaded.
    static func permuteRotaryRows(_ w: [Float], heads: Int, headSize: Int, columns: Int) -> [Float] {
        var out = w
        let half = headSize / 2, block = headSize * columns
        for h in 0..<heads {
            for i in 0..<half {
                for j in 0..<2 {
                    let from = h * block + (j * half + i) * columns, to = h * block + (2 * i + j) * columns
                    out[to..<to + columns] = w[from..<from + columns]
                }
            }
        }
        return out
    }
}
