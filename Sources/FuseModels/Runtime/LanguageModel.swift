/// A causal language model that maps tokens at positions of cached sequences to next-token logits.
public protocol LanguageModel: AnyObject, Sendable {
    var configuration: ModelConfiguration { get }

    /// Runs `batch` through the model, appending its keys and values to `cache`, and returns the
    /// logits of the tokens the batch asks for, in batch order.
    func forward(_ batch: TokenBatch, cache: KVCache) throws(ModelError) -> Logits
}

extension LanguageModel {
    /// A cache for this model: `sequences` slots of up to `capacity` tokens (default: the
    /// model's context length).
    public func makeCache(sequences: Int = 1, capacity: Int? = nil) -> KVCache {
        KVCache(configuration: configuration, sequences: sequences, capacity: capacity ?? configuration.contextLength)
    }
}

/// Why a forward pass was refused.
public enum ModelError: Error, CustomStringConvertible, Equatable {
    case tokenOutOfRange(token: Int, vocabularySize: Int)
    /// A sequence's tokens must continue its cache: positions `expected`, `expected + 1`, ...
    case positionMismatch(sequence: Int, expected: Int, found: Int)
    case sequenceOutOfRange(sequence: Int, slots: Int)
    case contextFull(sequence: Int, capacity: Int)
    case cacheMismatch(String)

    public var description: String {
        switch self {
        case .tokenOutOfRange(let token, let size): return "token id \(token) is outside the vocabulary (0..<\(size))"
        case .positionMismatch(let s, let expected, let found):
            return "sequence \(s): token at position \(found), but its cache continues at position \(expected)"
        case .sequenceOutOfRange(let s, let slots): return "sequence slot \(s) is outside the cache (0..<\(slots))"
        case .contextFull(let s, let capacity): return "sequence \(s) would exceed the cache capacity of \(capacity) tokens"
        case .cacheMismatch(let reason): return "KV cache does not fit this model: \(reason)"
        }
    }
}
