/// The BPE merges as an open-addressing hash table: (left id, right id) -> (rank, merged id).
/// Lower rank merges first, as in Hugging Face `tokenizers` (rank = position in the merges list).
struct MergeTable: Sendable {
    private var keys: [UInt64]
    private var values: [UInt64]
    private var mask: Int
    private(set) var count = 0
    private static let empty = UInt64.max

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: MergeTable.empty, count: size)
        values = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always)
    private static func key(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask }

    /// Adds a merge; a pair listed twice keeps the later rank, as HF `BPE` builds its map.
    mutating func insert(_ a: Int32, _ b: Int32, rank: UInt32, merged: Int32) {
        if count * 2 >= keys.count { grow() }
        let k = MergeTable.key(a, b)
        var i = slot(k)
        while keys[i] != MergeTable.empty {
            if keys[i] == k { values[i] = UInt64(rank) << 32 | UInt64(UInt32(bitPattern: merged)); return }
            i = (i + 1) & mask
        }
        keys[i] = k
        values[i] = UInt64(rank) << 32 | UInt64(UInt32(bitPattern: merged))
        count += 1
    }

    private mutating func grow() {
        var bigger = MergeTable(capacity: keys.count)
        for i in 0..<keys.count where keys[i] != MergeTable.empty {
            bigger.insert(Int32(truncatingIfNeeded: keys[i] >> 32), Int32(truncatingIfNeeded: keys[i]),
                          rank: UInt32(values[i] >> 32), merged: Int32(truncatingIfNeeded: values[i]))
        }
        self = bigger
    }

    /// `rank << 32 | merged id` for the pair, or `UInt64.max` if the pair does not merge.
    @inline(__always)
    func lookup(_ a: Int32, _ b: Int32) -> UInt64 {
        let k = MergeTable.key(a, b)
        var i = slot(k)
        return keys.withUnsafeBufferPointer { kp in
            while true {
                let found = kp[i]
                if found == k { return values[i] }
                if found == MergeTable.empty { return UInt64.max }
                i = (i + 1) & mask
            }
        }
    }
}
