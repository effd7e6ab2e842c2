import FuseFormats
import FuseTensor

extension TrainableModel {
    /// Copies every parameter from a store holding Hugging Face tensor names (a safetensors file or
    /// folder), converting any stored element format to Float32.
    public func load(from store: TensorStore) throws(TrainingError) {
        for entry in layout.entries {
            guard let t = store.tensor(named: entry.name) else { throw .missingTensor(name: entry.name) }
            guard t.shape == entry.shape else { throw .shapeMismatch(name: entry.name, expected: entry.shape, found: t.shape) }
            guard t.type.byteCount(elements: entry.count) == t.data.count else {
                throw .badTensorData(name: entry.name, detail: "\(t.data.count) bytes do not hold \(entry.count) \(t.type) values")
            }
            t.type.dequantize(t.data.baseAddress!, count: entry.count, into: parameters.baseAddress! + entry.offset)
        }
    }
}
