/// A token matched whole in the text before the model sees it (HF `AddedToken`): special/control
/// tokens like `<|im_start|>`, and user-defined ones like Gemma's `<table>` or `\n\n`.
public struct AddedToken: Sendable, Equatable {
    public var content: String
    public var id: Int
    /// Special tokens are skipped by `decode(skipSpecialTokens: true)`.
    public var special: Bool
    /// Matched after normalization (on normalized text) instead of on the raw text.
    public var normalized: Bool
    /// The match swallows whitespace on its left / right.
    public var lstrip: Bool
    public var rstrip: Bool
    /// Matched only when not inside a word.
    public var singleWord: Bool

    public init(content: String, id: Int, special: Bool, normalized: Bool = false, lstrip: Bool = false,
                rstrip: Bool = false, singleWord: Bool = false) {
        self.content = content
        self.id = id
        self.special = special
        self.normalized = normalized
        self.lstrip = lstrip
        self.rstrip = rstrip
        self.singleWord = singleWord
    }
}

/// Finds added tokens in UTF-8 text, leftmost-longest (as HF's Aho-Corasick `LeftmostLongest`), with a byte trie.
struct AddedTokenMatcher: Sendable {
    private var tokens: [AddedToken] = []
    /// children[node]: byte -> child node; terminal[node]: token index or -1.
    private var children: [[UInt8: Int32]] = [[:]]
    private var terminal: [Int32] = [-1]
    private var rootChild = [Int32](repeating: -1, count: 256)

    var isEmpty: Bool { tokens.isEmpty }

    init(_ list: [AddedToken]) {
        for token in list where !token.content.isEmpty {
            var node = 0
            for b in token.content.utf8 {
                if let next = children[node][b] {
                    node = Int(next)
                } else {
                    children.append([:])
                    terminal.append(-1)
                    let child = Int32(children.count - 1)
                    children[node][b] = child
                    if node == 0 { rootChild[Int(b)] = child }
                    node = Int(child)
                }
            }
            // The same content twice: the later definition wins, as in HF's map from content to token.
            if terminal[node] >= 0 {
                tokens[Int(terminal[node])] = token
            } else {
                terminal[node] = Int32(tokens.count)
                tokens.append(token)
            }
        }
    }

    /// A piece of text: either plain text `bytes[range]` or an added token.
    enum Piece: Equatable {
        case text(Range<Int>)
        case token(Int)
    }

    /// Cuts `bytes` into plain-text ranges and added tokens, in order.
    func split(_ bytes: UnsafeBufferPointer<UInt8>, into pieces: inout [Piece]) {
        let n = bytes.count
        var textStart = 0
        var i = 0
        while i < n {
            let first = rootChild[Int(bytes[i])]
            if first < 0 { i += 1; continue }
            var node = Int(first)
            var j = i + 1
            var best = -1, bestEnd = 0
            while true {
                if terminal[node] >= 0 { best = Int(terminal[node]); bestEnd = j }
                guard j < n, let next = children[node][bytes[j]] else { break }
                node = Int(next)
                j += 1
            }
            guard best >= 0 else { i += 1; continue }
            let token = tokens[best]
            if token.singleWord && !isWordBoundary(bytes, i, bestEnd) { i += 1; continue }
            var start = i, stop = bestEnd
            if token.lstrip { while start > textStart, let w = whitespaceBefore(bytes, start) { start -= w } }
            if token.rstrip { while stop < n, let w = whitespaceAt(bytes, stop) { stop += w } }
            if start > textStart { pieces.append(.text(textStart..<start)) }
            pieces.append(.token(token.id))
            textStart = stop
            i = stop
        }
        if n > textStart { pieces.append(.text(textStart..<n)) }
    }

    /// Byte length of a whitespace scalar starting at `i`, or nil.
    private func whitespaceAt(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let (scalar, length) = UTF8Scan.decode(b, i)
        return scalar.properties.isWhitespace ? length : nil
    }

    /// Byte length of a whitespace scalar ending at `end`, or nil.
    private func whitespaceBefore(_ b: UnsafeBufferPointer<UInt8>, _ end: Int) -> Int? {
        var s = end - 1
        while s > 0 && b[s] & 0xC0 == 0x80 { s -= 1 }
        let (scalar, length) = UTF8Scan.decode(b, s)
        return scalar.properties.isWhitespace && s + length == end ? length : nil
    }

    private func isWordBoundary(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int) -> Bool {
        func isWord(_ s: Unicode.Scalar) -> Bool {
            s == "_" || s.properties.isAlphabetic || s.properties.numericType != nil
        }
        if start > 0 {
            var s = start - 1
            while s > 0 && b[s] & 0xC0 == 0x80 { s -= 1 }
            if isWord(UTF8Scan.decode(b, s).0) { return false }
        }
        if stop < b.count && isWord(UTF8Scan.decode(b, stop).0) { return false }
        return true
    }
}
