/// Applies BPE merges to a word's symbols exactly as Hugging Face `tokenizers` does: repeatedly
/// merge the adjacent pair with the lowest rank, the leftmost first among equal ranks.
enum BPEMerger {
    /// Words up to this many symbols use the quadratic scan; longer ones the heap.
    static let scanLimit = 48

    static func merge(_ symbols: inout [Int32], _ merges: MergeTable) {
        if symbols.count < 2 { return }
        if symbols.count <= scanLimit { scanMerge(&symbols, merges) } else { heapMerge(&symbols, merges) }
    }

    /// O(n^2) for short words: keeps each adjacent pair's `rank << 32 | merged` and rescans for the minimum.
    private static func scanMerge(_ symbols: inout [Int32], _ merges: MergeTable) {
        var n = symbols.count
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: n) { pairs in
            symbols.withUnsafeMutableBufferPointer { s in
                for i in 0..<(n - 1) { pairs[i] = merges.lookup(s[i], s[i + 1]) }
                while n > 1 {
                    var best = 0
                    var bestValue = pairs[0]
                    for i in 1..<(n - 1) where pairs[i] >> 32 < bestValue >> 32 {
                        best = i
                        bestValue = pairs[i]
                    }
                    if bestValue == UInt64.max { break }
                    s[best] = Int32(truncatingIfNeeded: bestValue)
                    n -= 1
                    var i = best + 1
                    while i < n {
                        s[i] = s[i + 1]
                        pairs[i] = pairs[i + 1]
                        i += 1
                    }
                    if best + 1 < n { pairs[best] = merges.lookup(s[best], s[best + 1]) }
                    if best > 0 { pairs[best - 1] = merges.lookup(s[best - 1], s[best]) }
                }
            }
        }
        symbols.removeLast(symbols.count - n)
    }

    private struct Candidate {
        var rank: UInt32
        var pos: Int32
        var merged: Int32
        @inline(__always) func before(_ o: Candidate) -> Bool { rank != o.rank ? rank < o.rank : pos < o.pos }
    }

    /// O(n log n) for long words: a linked list of symbols and a min-heap of candidate merges
    /// ordered by (rank, position), skipping stale entries (HF's `Word::merge_all`).
    private static func heapMerge(_ symbols: inout [Int32], _ merges: MergeTable) {
        let n = symbols.count
        var prev = [Int32](unsafeUninitializedCapacity: n) { b, c in for i in 0..<n { b[i] = Int32(i - 1) }; c = n }
        var next = [Int32](unsafeUninitializedCapacity: n) { b, c in for i in 0..<n { b[i] = Int32(i + 1) }; c = n }
        var alive = [Bool](repeating: true, count: n)
        var heap = [Candidate]()
        heap.reserveCapacity(n)

        func push(_ c: Candidate) {
            heap.append(c)
            var i = heap.count - 1
            while i > 0 {
                let p = (i - 1) / 2
                if !heap[i].before(heap[p]) { break }
                heap.swapAt(i, p)
                i = p
            }
        }
        func pop() -> Candidate {
            let top = heap[0]
            let last = heap.removeLast()
            if !heap.isEmpty {
                heap[0] = last
                var i = 0
                while true {
                    let l = 2 * i + 1, r = l + 1
                    var m = i
                    if l < heap.count && heap[l].before(heap[m]) { m = l }
                    if r < heap.count && heap[r].before(heap[m]) { m = r }
                    if m == i { break }
                    heap.swapAt(i, m)
                    i = m
                }
            }
            return top
        }
        func candidate(_ pos: Int) {
            let v = merges.lookup(symbols[pos], symbols[Int(next[pos])])
            if v != UInt64.max { push(Candidate(rank: UInt32(v >> 32), pos: Int32(pos), merged: Int32(truncatingIfNeeded: v))) }
        }

        for i in 0..<(n - 1) { candidate(i) }
        while !heap.isEmpty {
            let top = pop()
            let pos = Int(top.pos)
            guard alive[pos], Int(next[pos]) < n else { continue }
            let right = Int(next[pos])
            let v = merges.lookup(symbols[pos], symbols[right])
            guard v != UInt64.max, Int32(truncatingIfNeeded: v) == top.merged else { continue }
            symbols[pos] = top.merged
            alive[right] = false
            next[pos] = next[right]
            if Int(next[right]) < n { prev[Int(next[right])] = Int32(pos) }
            if prev[pos] >= 0 { candidate(Int(prev[pos])) }
            if Int(next[pos]) < n { candidate(pos) }
        }
        var out = 0
        for i in 0..<n where alive[i] {
            symbols[out] = symbols[i]
            out += 1
        }
        symbols.removeLast(n - out)
    }
}
