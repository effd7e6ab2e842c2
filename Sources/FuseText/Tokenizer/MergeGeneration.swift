/// Rebuilding BPE merges from a vocabulary when a file lists none (SentencePiece GGUF files), exactly
/// as `transformers`' `generate_merges` does: every split of a token into two vocabulary tokens is a
/// merge, ordered by the token's priority (higher first), then longer left part, then longer right part,
/// then vocabulary order.
enum MergeGeneration {
    /// - Parameters:
    ///   - priority: the sort key of each id (higher merges earlier); ids are visited in order.
    ///   - alreadySorted: the priorities decrease with the id (e.g. `-id`), so no sort is needed.
    static func merges(index: TokenIndex, priority: (Int) -> Double, alreadySorted: Bool) -> MergeTable {
        struct Candidate {
            var left: Int32, right: Int32, merged: Int32
            var leftLength: Int32, rightLength: Int32
            var priority: Double
        }
        var candidates = [Candidate]()
        candidates.reserveCapacity(index.count * 4)
        var local = [Candidate]()
        var boundaries = [Int]()
        for id in 0..<index.count {
            index.withBytes(of: id) { b in
                guard b.count > 1, index.find(b) == id else { return }
                boundaries.removeAll(keepingCapacity: true)
                for k in 1..<b.count where b[k] & 0xC0 != 0x80 { boundaries.append(k) }
                guard !boundaries.isEmpty else { return }
                local.removeAll(keepingCapacity: true)
                let p = priority(id)
                let scalarCount = boundaries.count + 1
                for (n, k) in boundaries.enumerated() {
                    guard let l = index.find(UnsafeBufferPointer(rebasing: b[..<k])),
                          let r = index.find(UnsafeBufferPointer(rebasing: b[k...])) else { continue }
                    local.append(Candidate(left: Int32(l), right: Int32(r), merged: Int32(id), leftLength: Int32(n + 1),
                                           rightLength: Int32(scalarCount - n - 1), priority: p))
                }
                if alreadySorted {
                    candidates.append(contentsOf: local.reversed())
                } else {
                    local.sort { ($0.left, $0.right) < ($1.left, $1.right) }
                    candidates.append(contentsOf: local)
                }
            }
        }
        if !alreadySorted {
            let order = candidates.indices.sorted { a, b in
                let x = candidates[a], y = candidates[b]
                if x.priority != y.priority { return x.priority > y.priority }
                if x.leftLength != y.leftLength { return x.leftLength > y.leftLength }
                if x.rightLength != y.rightLength { return x.rightLength > y.rightLength }
                return a < b
            }
            candidates = order.map { candidates[$0] }
        }
        var table = MergeTable(capacity: candidates.count)
        for (rank, c) in candidates.enumerated() {
            table.insert(c.left, c.right, rank: UInt32(rank), merged: c.merged)
        }
        return table
    }
}
