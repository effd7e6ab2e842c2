/// Finds stop strings in a growing UTF-8 text and says how much of the text is safe to stream:
/// the last `longest − 1` bytes are held back while they could still start a stop string.
struct StopStringMatcher {
    private let stops: [[UInt8]]
    private let longest: Int

    init(_ stops: [String]) {
        self.stops = stops.map { Array($0.utf8) }
        longest = self.stops.map(\.count).max() ?? 0
    }

    var isEmpty: Bool { stops.isEmpty }

    /// The earliest stop string occurrence that ends after byte `from` (bytes before `from` were
    /// already searched): its start offset and the string.
    func firstMatch(in text: [UInt8], newFrom from: Int) -> (offset: Int, stop: String)? {
        guard longest > 0 else { return nil }
        let start = max(0, from - longest + 1)
        var best: (Int, String)?
        for stop in stops where stop.count <= text.count {
            var i = start
            while i + stop.count <= text.count {
                if let b = best, i >= b.0 { break }
                if text[i] == stop[0], text[i..<(i + stop.count)].elementsEqual(stop) {
                    best = (i, String(decoding: stop, as: UTF8.self))
                    break
                }
                i += 1
            }
        }
        return best.map { (offset: $0.0, stop: $0.1) }
    }

    /// How many leading bytes of `text` can be streamed now: all but a held-back tail that could
    /// begin a stop string, cut at a character boundary.
    func safePrefix(of text: [UInt8]) -> Int {
        var end = max(0, text.count - max(0, longest - 1))
        while end > 0, end < text.count, text[end] & 0xC0 == 0x80 { end -= 1 }
        return end
    }
}
