/// Why a model could not be built, loaded or stepped.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// The tensor store has no tensor with this name.
    case missingTensor(name: String)
    /// A stored tensor's shape is not the one the configuration implies.
    case shapeMismatch(name: String, expected: [Int], found: [Int])
    /// A stored tensor's bytes do not hold its element count in its format.
    case badTensorData(name: String, detail: String)
    /// Token ids, targets or the batch shape given to a step are inconsistent.
    case badBatch(detail: String)
    /// A metadata key or config field is missing or has the wrong type.
    case badConfiguration(detail: String)

    public var description: String {
        switch self {
        case .missingTensor(let name): "tensor \(name) is missing from the model file"
        case .shapeMismatch(let name, let expected, let found):
            "tensor \(name) has shape \(found), expected \(expected) from the configuration"
        case .badTensorData(let name, let detail): "tensor \(name): \(detail)"
        case .badBatch(let detail): "bad training batch: \(detail)"
        case .badConfiguration(let detail): "bad model configuration: \(detail)"
        }
    }
}
