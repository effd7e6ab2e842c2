/// How text is cut into words before BPE. Each case reproduces one Hugging Face pre-tokenizer
/// regex exactly (leftmost match, ordered alternatives, backtracking), with a hand-written scanner
/// instead of a regex engine.
public enum PreTokenizer: String, Sendable, CaseIterable {
    /// GPT-2's ByteLevel regex:
    /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
    case gpt2
    /// Every `\p{N}` alone (HF `Digits(individual_digits=True)`), then the GPT-2 regex on the rest
    /// (SmolLM, StarCoder).
    case digitsThenGPT2
    /// Llama 3: `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|
    /// ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`.
    case llama3
    /// Qwen2: as Llama 3 with `\p{N}` (one digit at a time) instead of `\p{N}{1,3}`.
    case qwen2
    /// No split: the whole text is one word (SentencePiece-style models).
    case none

    /// Appends to `ends` the end index (exclusive, in scalars) of each word of `scalars[from..<to]`.
    func split(_ s: UnsafeBufferPointer<UInt32>, _ cls: UnsafeBufferPointer<UInt8>, from: Int, to: Int,
               into ends: inout [Int32]) {
        switch self {
        case .none:
            if to > from { ends.append(Int32(to)) }
        case .gpt2:
            PreTokenizer.gpt2Words(s, cls, from: from, to: to, into: &ends)
        case .digitsThenGPT2:
            var start = from
            for i in from..<to where cls[i] & ScalarClass.number != 0 {
                PreTokenizer.gpt2Words(s, cls, from: start, to: i, into: &ends)
                ends.append(Int32(i + 1))
                start = i + 1
            }
            PreTokenizer.gpt2Words(s, cls, from: start, to: to, into: &ends)
        case .llama3:
            PreTokenizer.llama3Words(s, cls, from: from, to: to, maxDigits: 3, into: &ends)
        case .qwen2:
            PreTokenizer.llama3Words(s, cls, from: from, to: to, maxDigits: 1, into: &ends)
        }
    }

    private static let apostrophe: UInt32 = 0x27
    private static let space: UInt32 = 0x20
    private static let lf: UInt32 = 0x0A
    private static let cr: UInt32 = 0x0D

    /// Length of a contraction (`'s`, `'t`, `'re`, `'ve`, `'m`, `'ll`, `'d`) at `i`, or 0.
    /// Case-insensitive matching follows Unicode case folding, so `ſ` (U+017F) counts as `s`.
    @inline(__always)
    private static func contraction(_ s: UnsafeBufferPointer<UInt32>, _ i: Int, _ n: Int, ignoreCase: Bool) -> Int {
        guard s[i] == apostrophe, i + 1 < n else { return 0 }
        @inline(__always) func lower(_ v: UInt32) -> UInt32 {
            guard ignoreCase else { return v }
            if v >= 0x41 && v <= 0x5A { return v + 0x20 }
            return v == 0x17F ? 0x73 : v
        }
        let a = lower(s[i + 1])
        switch a {
        case 0x73, 0x74, 0x6D, 0x64: return 2 // s t m d
        case 0x72, 0x76: // r v -> e
            return i + 2 < n && lower(s[i + 2]) == 0x65 ? 3 : 0
        case 0x6C: // l -> l
            return i + 2 < n && lower(s[i + 2]) == 0x6C ? 3 : 0
        default: return 0
        }
    }

    /// End of the whitespace alternatives `\s+(?!\S)|\s+` for a whitespace run starting at `i`.
    @inline(__always)
    private static func whitespaceEnd(_ cls: UnsafeBufferPointer<UInt8>, _ i: Int, _ n: Int) -> Int {
        var k = i + 1
        while k < n && cls[k] & ScalarClass.space != 0 { k += 1 }
        if k == n || k - i == 1 { return k }
        return k - 1
    }

    private static func gpt2Words(_ s: UnsafeBufferPointer<UInt32>, _ cls: UnsafeBufferPointer<UInt8>, from: Int,
                                  to n: Int, into ends: inout [Int32]) {
        let letter = ScalarClass.letter, number = ScalarClass.number, ws = ScalarClass.space
        let kinds = letter | number | ws
        var i = from
        while i < n {
            var end: Int
            let c = contraction(s, i, n, ignoreCase: false)
            if c > 0 {
                end = i + c
            } else {
                // ` ?X+` for X in \p{L}, \p{N}, [^\s\p{L}\p{N}]: the optional space joins a following run.
                var j = i
                if s[i] == space && i + 1 < n && cls[i + 1] & ws == 0 { j = i + 1 }
                let k = cls[j] & kinds
                if k & ws != 0 {
                    end = whitespaceEnd(cls, i, n)
                } else {
                    end = j + 1
                    if k & letter != 0 {
                        while end < n && cls[end] & letter != 0 { end += 1 }
                    } else if k & number != 0 {
                        while end < n && cls[end] & number != 0 { end += 1 }
                    } else {
                        while end < n && cls[end] & kinds == 0 { end += 1 }
                    }
                }
            }
            ends.append(Int32(end))
            i = end
        }
    }

    private static func llama3Words(_ s: UnsafeBufferPointer<UInt32>, _ cls: UnsafeBufferPointer<UInt8>, from: Int,
                                    to n: Int, maxDigits: Int, into ends: inout [Int32]) {
        let letter = ScalarClass.letter, number = ScalarClass.number, ws = ScalarClass.space
        let kinds = letter | number | ws
        var i = from
        while i < n {
            var end: Int
            let k = cls[i]
            let c = contraction(s, i, n, ignoreCase: true)
            if c > 0 {
                end = i + c
            } else if k & letter != 0 {
                // [^\r\n\p{L}\p{N}]?\p{L}+ starting with a letter.
                end = i + 1
                while end < n && cls[end] & letter != 0 { end += 1 }
            } else if k & number == 0 && s[i] != lf && s[i] != cr && i + 1 < n && cls[i + 1] & letter != 0 {
                // [^\r\n\p{L}\p{N}]?\p{L}+ with one leading non-letter, non-number.
                end = i + 2
                while end < n && cls[end] & letter != 0 { end += 1 }
            } else if k & number != 0 {
                end = i + 1
                while end < n && end - i < maxDigits && cls[end] & number != 0 { end += 1 }
            } else if k & ws == 0 || (s[i] == space && i + 1 < n && cls[i + 1] & kinds == 0) {
                // ` ?[^\s\p{L}\p{N}]+[\r\n]*`
                end = k & ws == 0 ? i + 1 : i + 2
                while end < n && cls[end] & kinds == 0 { end += 1 }
                while end < n && (s[end] == lf || s[end] == cr) { end += 1 }
            } else {
                // `\s*[\r\n]+`: up to the last CR/LF of the whitespace run, else `\s+(?!\S)|\s+`.
                var runEnd = i + 1
                while runEnd < n && cls[runEnd] & ws != 0 { runEnd += 1 }
                var p = runEnd - 1
                while p >= i && s[p] != lf && s[p] != cr { p -= 1 }
                if p >= i {
                    end = p + 1
                } else {
                    end = runEnd == n || runEnd - i == 1 ? runEnd : runEnd - 1
                }
            }
            ends.append(Int32(end))
            i = end
        }
    }
}
