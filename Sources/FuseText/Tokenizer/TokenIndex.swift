/// Token spelling -> id, comparing exact UTF-8 bytes. (A Swift `String` key would merge canonically
/// equivalent spellings such as `;` and the Greek question mark U+037E, which are different tokens.)
/// A spelling listed twice maps to its last id, like a Python dict built in order.
struct TokenIndex: Sendable {
    private let bytes: [UInt8]
    private let offsets: [Int]
    private var slots: [Int32]
    private let mask: Int

    init(_ vocabulary: [String]) { self.init(bytes: vocabulary.map { Array($0.utf8) }) }

    /// Keys given as raw bytes.
    init(bytes vocabulary: [[UInt8]]) {
        var bytes = [UInt8]()
        var offsets = [0]
        offsets.reserveCapacity(vocabulary.count + 1)
        for t in vocabulary {
            bytes.append(contentsOf: t)
            offsets.append(bytes.count)
        }
        self.bytes = bytes
        self.offsets = offsets
        var size = 16
        while size < vocabulary.count * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for id in vocabulary.indices { insert(id) }
    }

    var count: Int { offsets.count - 1 }

    @inline(__always)
    private static func hash(_ p: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in p { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    private mutating func insert(_ id: Int) {
        let (start, end) = (offsets[id], offsets[id + 1])
        let existing: Int? = bytes.withUnsafeBufferPointer { find(UnsafeBufferPointer(rebasing: $0[start..<end])) }
        bytes.withUnsafeBufferPointer { all in
            let key = UnsafeBufferPointer(rebasing: all[start..<end])
            var i = TokenIndex.hash(key) & mask
            while slots[i] >= 0 {
                if let existing, slots[i] == Int32(existing) { break }
                i = (i + 1) & mask
            }
            slots[i] = Int32(id)
        }
    }

    /// The id spelled exactly `key`, or nil.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        bytes.withUnsafeBufferPointer { all in
            var i = TokenIndex.hash(key) & mask
            while true {
                let id = Int(slots[i])
                if id < 0 { return nil }
                let (start, end) = (offsets[id], offsets[id + 1])
                if end - start == key.count && (key.isEmpty || memoryEqual(all.baseAddress! + start, key.baseAddress!, key.count)) {
                    return id
                }
                i = (i + 1) & mask
            }
        }
    }

    func find(_ s: String) -> Int? {
        var s = s
        return s.withUTF8 { find($0) }
    }

    func find(_ b: [UInt8]) -> Int? { b.withUnsafeBufferPointer { find($0) } }

    /// The UTF-8 bytes of `id`'s spelling.
    func withBytes<R>(of id: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[offsets[id]..<offsets[id + 1]])) }
    }
}

@inline(__always)
private func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    for i in 0..<n where a[i] != b[i] { return false }
    return true
}
