/// Tokens of one or more sequences for one forward pass. Each sequence's tokens form one
/// contiguous run whose positions continue that sequence's cache (prefill: many tokens of one
/// sequence; batched decoding: one token of each of many sequences).
public struct TokenBatch: Sendable, Equatable {
    public var tokens: [Int]
    public var positions: [Int]
    /// The cache slot of each token.
    public var sequences: [Int]
    /// Whether logits are wanted for each token.
    public var wantsLogits: [Bool]

    public init(tokens: [Int], positions: [Int], sequences: [Int], wantsLogits: [Bool]) {
        precondition(tokens.count == positions.count && tokens.count == sequences.count
                     && tokens.count == wantsLogits.count, "TokenBatch arrays must have equal lengths")
        self.tokens = tokens
        self.positions = positions
        self.sequences = sequences
        self.wantsLogits = wantsLogits
    }

    /// `tokens` of `sequence` starting at position `start`, with logits for every token
    /// (`allLogits`) or only the last one.
    public static func prefill(_ tokens: [Int], sequence: Int = 0, start: Int = 0, allLogits: Bool = false) -> TokenBatch {
        TokenBatch(tokens: tokens, positions: tokens.indices.map { start + $0 },
                   sequences: Array(repeating: sequence, count: tokens.count),
                   wantsLogits: tokens.indices.map { allLogits || $0 == tokens.count - 1 })
    }

    /// One token for each of `sequences`, at `positions`, all with logits.
    public static func decode(_ tokens: [Int], sequences: [Int], positions: [Int]) -> TokenBatch {
        TokenBatch(tokens: tokens, positions: positions, sequences: sequences,
                   wantsLogits: Array(repeating: true, count: tokens.count))
    }

    public var count: Int { tokens.count }
}

/// Rows of next-token logits, one per requested token.
public struct Logits: Sendable, Equatable {
    public let vocabularySize: Int
    public var values: [Float]

    public init(vocabularySize: Int, values: [Float]) {
        self.vocabularySize = vocabularySize
        self.values = values
    }

    public var rows: Int { vocabularySize == 0 ? 0 : values.count / vocabularySize }

    /// The logits of row `index`.
    public func row(_ index: Int) -> ArraySlice<Float> {
        values[index * vocabularySize ..< (index + 1) * vocabularySize]
    }

    /// The id with the largest logit in row `index` (the lowest id on ties).
    public func argmax(_ index: Int) -> Int {
        let r = row(index)
        var best = r.startIndex
        for i in r.indices where r[i] > r[best] { best = i }
        return best - r.startIndex
    }
}
