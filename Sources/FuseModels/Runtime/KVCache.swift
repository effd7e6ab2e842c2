/// Keys and values of every layer for a fixed number of sequences (slots), allocated once.
///
/// A global-attention layer keeps every position of a sequence, up to `capacity`. A
/// sliding-window layer keeps only the last `window − 1` positions plus one chunk of new tokens:
/// when a chunk would overflow its buffer, the oldest entries are dropped and slot 0 then holds
/// position `base`. Memory is reserved up front but the operating system commits pages only as
/// positions are written, so resident memory grows with the tokens actually cached.
public final class KVCache: @unchecked Sendable {
    /// Number of sequences (slots 0..<sequences).
    public let sequences: Int
    /// Longest sequence (tokens) any slot can hold.
    public let capacity: Int
    /// Most tokens of one sequence appended by a single layer pass (the prefill chunk).
    public let chunk: Int
    /// Floats per cached position per layer (kv heads × head size).
    public let rowWidth: Int

    private let layers: [LayerStore]
    private var lengths: [Int]

    /// One layer's buffers: `slots` positions of `rowWidth` floats for K and for V, per sequence.
    private final class LayerStore {
        let slots: Int
        let window: Int?
        let keys: UnsafeMutablePointer<Float>
        let values: UnsafeMutablePointer<Float>
        var filled: [Int]
        var base: [Int]

        init(slots: Int, window: Int?, sequences: Int, rowWidth: Int) {
            self.slots = slots
            self.window = window
            keys = .allocate(capacity: slots * sequences * rowWidth)
            values = .allocate(capacity: slots * sequences * rowWidth)
            filled = Array(repeating: 0, count: sequences)
            base = Array(repeating: 0, count: sequences)
        }

        deinit {
            keys.deallocate()
            values.deallocate()
        }
    }

    /// A cache for `sequences` slots of up to `capacity` tokens each, for the layers of
    /// `configuration` (sliding-window layers get window − 1 + `chunk` positions).
    public init(configuration: ModelConfiguration, sequences: Int, capacity: Int, chunk: Int = 256) {
        precondition(sequences > 0 && capacity > 0 && chunk > 0, "KVCache needs positive sizes")
        self.sequences = sequences
        self.capacity = capacity
        self.chunk = chunk
        let width = configuration.kvHeadCount * configuration.headDim
        rowWidth = width
        layers = (0..<configuration.layerCount).map { index in
            let window = configuration.isSliding(layer: index) ? configuration.slidingWindow : nil
            let slots = window.map { min(capacity, $0 - 1 + chunk) } ?? capacity
            return LayerStore(slots: slots, window: window, sequences: sequences, rowWidth: width)
        }
        lengths = Array(repeating: 0, count: sequences)
    }

    /// Bytes of keys and values held now: every position each layer keeps, for every sequence
    /// (what the cache adds to resident memory; the rest of its reservation is never touched).
    public var cachedBytes: Int {
        layers.reduce(0) { $0 + $1.filled.reduce(0, +) } * rowWidth * 2 * MemoryLayout<Float>.stride
    }

    /// Tokens cached so far for `sequence` (the position of its next token).
    public func length(of sequence: Int) -> Int { lengths[sequence] }

    /// Empties `sequence`'s slot so it can hold a new sequence.
    public func reset(sequence: Int) {
        lengths[sequence] = 0
        for layer in layers {
            layer.filled[sequence] = 0
            layer.base[sequence] = 0
        }
    }

    /// Makes slot `destination` a copy of slot `source` (e.g. n samples sharing one prefilled
    /// prompt).
    public func copy(sequence source: Int, to destination: Int) {
        guard source != destination else { return }
        lengths[destination] = lengths[source]
        for layer in layers {
            let count = layer.filled[source] * rowWidth
            let from = source * layer.slots * rowWidth, to = destination * layer.slots * rowWidth
            (layer.keys + to).update(from: layer.keys + from, count: count)
            (layer.values + to).update(from: layer.values + from, count: count)
            layer.filled[destination] = layer.filled[source]
            layer.base[destination] = layer.base[source]
        }
    }

    /// Empties every slot.
    public func resetAll() {
        for s in 0..<sequences { reset(sequence: s) }
    }

    /// Marks `count` more tokens of `sequence` as cached (after every layer appended them).
    func advance(sequence: Int, by count: Int) {
        lengths[sequence] += count
    }

    /// Appends `count` rows of K and V (rows `stride` floats apart) for `sequence` to `layer` and
    /// returns where its keys and values start, how many positions they hold, and the position
    /// of slot 0.
    func append(layer index: Int, sequence: Int, keys k: UnsafePointer<Float>, values v: UnsafePointer<Float>,
                count: Int, stride: Int) -> (keys: UnsafePointer<Float>, values: UnsafePointer<Float>, filled: Int, base: Int) {
        let layer = layers[index]
        let width = rowWidth
        let kBase = layer.keys + sequence * layer.slots * width
        let vBase = layer.values + sequence * layer.slots * width
        if layer.filled[sequence] + count > layer.slots {
            precondition(layer.window != nil && count <= chunk, "KV cache overflow")
            let keep = min(layer.filled[sequence], layer.window! - 1)
            let drop = layer.filled[sequence] - keep
            UnsafeMutableRawPointer(kBase).copyMemory(from: kBase + drop * width, byteCount: keep * width * 4)
            UnsafeMutableRawPointer(vBase).copyMemory(from: vBase + drop * width, byteCount: keep * width * 4)
            layer.filled[sequence] = keep
            layer.base[sequence] += drop
        }
        let start = layer.filled[sequence]
        for r in 0..<count {
            (kBase + (start + r) * width).update(from: k + r * stride, count: width)
            (vBase + (start + r) * width).update(from: v + r * stride, count: width)
        }
        layer.filled[sequence] = start + count
        return (UnsafePointer(kBase), UnsafePointer(vBase), start + count, layer.base[sequence])
    }
}
