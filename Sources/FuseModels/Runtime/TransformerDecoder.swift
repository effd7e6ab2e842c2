import Foundation
import FuseTensor

/// The forward pass shared by the decoder-only architectures: pre-norm blocks of grouped-query
/// attention with RoPE and a gated MLP. What differs between architectures (embedding scale,
/// activation, biases, q/k norms, post-norms, sliding-window layers, RoPE bases) comes from the
/// configuration, the weights present and `Options`.
final class TransformerDecoder: @unchecked Sendable {
    enum Activation { case swiglu, geglu }

    struct Options {
        /// Multiplies token embeddings (Gemma: √hidden).
        var embeddingScale: Float?
        var activation: Activation = .swiglu
        /// The arithmetic of small-batch products with quantized weights.
        var activations: ActivationPrecision = .float32
    }

    let config: ModelConfiguration
    let weights: DecoderWeights
    let options: Options
    private let ropes: [RoPE]

    /// `ropeFrequencyFactors` divides each RoPE frequency (a GGUF `rope_freqs` tensor).
    init(config: ModelConfiguration, weights: DecoderWeights, options: Options, ropeFrequencyFactors: [Float]? = nil) {
        self.config = config
        self.weights = weights
        self.options = options
        let style: RoPE.Style = config.ropeOrder == .interleaved ? .interleaved : .neox
        var scaling: ((Int, Double) -> Double)?
        if let factors = ropeFrequencyFactors {
            scaling = { i, theta in theta / Double(factors[i]) }
        } else if let s = config.ropeScaling {
            scaling = RoPE.llama3Scaling(factor: s.factor, lowFrequencyFactor: s.lowFrequencyFactor,
                                         highFrequencyFactor: s.highFrequencyFactor,
                                         originalContext: Double(s.originalContextLength))
        }
        var byBase: [Double: RoPE] = [:]
        ropes = (0..<config.layerCount).map { layer in
            let base = config.ropeBase(layer: layer)
            if let rope = byBase[base] { return rope }
            // Scaling applies to the global layers' base only (Gemma's local base is unscaled).
            let rope = RoPE(dimensions: config.ropeDimensions, base: base, style: style,
                            scaling: base == config.ropeTheta ? scaling : nil)
            byBase[base] = rope
            return rope
        }
    }

    func forward(_ batch: TokenBatch, cache: KVCache) throws(ModelError) -> Logits {
        try validate(batch, cache: cache)
        let vocab = config.vocabularySize
        var logits = [Float](repeating: 0, count: batch.wantsLogits.filter { $0 }.count * vocab)
        var start = 0, row = 0
        while start < batch.count {
            let end = min(batch.count, start + cache.chunk)
            let wanted = (start..<end).filter { batch.wantsLogits[$0] }
            logits.withUnsafeMutableBufferPointer { out in
                run(batch, range: start..<end, wanted: wanted, cache: cache, logits: out.baseAddress! + row * vocab)
            }
            row += wanted.count
            start = end
        }
        return Logits(vocabularySize: vocab, values: logits)
    }

    private func validate(_ batch: TokenBatch, cache: KVCache) throws(ModelError) {
        guard cache.rowWidth == config.kvHeadCount * config.headDim else {
            throw .cacheMismatch("row width \(cache.rowWidth), model needs \(config.kvHeadCount * config.headDim)")
        }
        var next: [Int: Int] = [:]
        for segment in Self.segments(of: batch, range: 0..<batch.count) {
            let s = segment.sequence
            guard s >= 0, s < cache.sequences else { throw .sequenceOutOfRange(sequence: s, slots: cache.sequences) }
            let start = next[s] ?? cache.length(of: s)
            for (j, i) in segment.rows.enumerated() {
                guard batch.positions[i] == start + j else {
                    throw .positionMismatch(sequence: s, expected: start + j, found: batch.positions[i])
                }
                let token = batch.tokens[i]
                guard token >= 0, token < config.vocabularySize else {
                    throw .tokenOutOfRange(token: token, vocabularySize: config.vocabularySize)
                }
            }
            next[s] = start + segment.rows.count
            guard next[s]! <= cache.capacity else { throw .contextFull(sequence: s, capacity: cache.capacity) }
        }
    }

    /// Runs tokens `range` of `batch` through every layer and writes the logits of `wanted` tokens.
    private func run(_ batch: TokenBatch, range: Range<Int>, wanted: [Int], cache: KVCache,
                     logits: UnsafeMutablePointer<Float>) {
        let n = range.count, c = config, a = options.activations
        let hidden = c.hiddenSize, d = c.headDim
        let qWidth = c.headCount * d, kvWidth = c.kvHeadCount * d, ffn = c.intermediateSize
        let x = Buffer(n * hidden), h = Buffer(n * hidden), q = Buffer(n * qWidth), k = Buffer(n * kvWidth)
        let v = Buffer(n * kvWidth), attention = Buffer(n * qWidth), gate = Buffer(n * ffn), up = Buffer(n * ffn)
        defer { [x, h, q, k, v, attention, gate, up].forEach { $0.free() } }

        for (r, i) in range.enumerated() {
            weights.embedding.dequantize(row: batch.tokens[i], count: hidden, into: x.p + r * hidden)
        }
        if let scale = options.embeddingScale { scaleInPlace(x.p, n * hidden, scale) }

        let positions = Array(batch.positions[range])
        let segments = Self.segments(of: batch, range: range)
        for (l, w) in weights.layers.enumerated() {
            norm(x.p, w.attentionNorm, rows: n, count: hidden, into: h.p)
            w.q.forward(h.p, batch: n, into: q.p, activations: a)
            w.k.forward(h.p, batch: n, into: k.p, activations: a)
            w.v.forward(h.p, batch: n, into: v.p, activations: a)
            if let b = w.qBias { addBias(q.p, b, rows: n) }
            if let b = w.kBias { addBias(k.p, b, rows: n) }
            if let b = w.vBias { addBias(v.p, b, rows: n) }
            if let qn = w.qNorm { norm(q.p, qn, rows: n * c.headCount, count: d, into: q.p) }
            if let kn = w.kNorm { norm(k.p, kn, rows: n * c.kvHeadCount, count: d, into: k.p) }
            ropes[l].apply(to: q.p, positions: positions, heads: c.headCount, headSize: d)
            ropes[l].apply(to: k.p, positions: positions, heads: c.kvHeadCount, headSize: d)

            let shape = Attention.Shape(
                heads: c.headCount, kvHeads: c.kvHeadCount, headSize: d,
                scale: Float(1 / c.queryPreAttentionScalar.squareRoot()),
                window: c.isSliding(layer: l) ? c.slidingWindow : nil,
                softCap: c.attentionLogitSoftcap.map(Float.init))
            for segment in segments {
                let r0 = segment.rows.lowerBound
                let stored = cache.append(layer: l, sequence: segment.sequence, keys: k.p + r0 * kvWidth,
                                          values: v.p + r0 * kvWidth, count: segment.rows.count, stride: kvWidth)
                Attention.forward(q: q.p + r0 * qWidth, k: stored.keys, v: stored.values,
                                  out: attention.p + r0 * qWidth, queries: segment.rows.count, keys: stored.filled,
                                  firstPosition: positions[r0] - stored.base, shape: shape)
            }
            w.o.forward(attention.p, batch: n, into: h.p, activations: a)
            if let pn = w.postAttentionNorm { norm(h.p, pn, rows: n, count: hidden, into: h.p) }
            addInPlace(x.p, h.p, n * hidden)

            norm(x.p, w.ffnNorm, rows: n, count: hidden, into: h.p)
            w.gate.forward(h.p, batch: n, into: gate.p, activations: a)
            w.up.forward(h.p, batch: n, into: up.p, activations: a)
            switch options.activation {
            case .swiglu: Activations.swiglu(gate: gate.p, up: up.p, count: n * ffn)
            case .geglu: Activations.geglu(gate: gate.p, up: up.p, count: n * ffn)
            }
            w.down.forward(gate.p, batch: n, into: h.p, activations: a)
            if let pn = w.postFFNNorm { norm(h.p, pn, rows: n, count: hidden, into: h.p) }
            addInPlace(x.p, h.p, n * hidden)
        }
        for segment in segments { cache.advance(sequence: segment.sequence, by: segment.rows.count) }

        guard !wanted.isEmpty else { return }
        let selected = Buffer(wanted.count * hidden)
        defer { selected.free() }
        for (j, i) in wanted.enumerated() {
            norm(x.p + (i - range.lowerBound) * hidden, weights.outputNorm, rows: 1, count: hidden,
                 into: selected.p + j * hidden)
        }
        weights.output.forward(selected.p, batch: wanted.count, into: logits, activations: a)
        if let cap = c.finalLogitSoftcap { softCap(logits, wanted.count * c.vocabularySize, Float(cap)) }
    }

    /// out = RMSNorm(x) · w over `rows` rows of `count` floats (adding 1 to w when configured).
    private func norm(_ x: UnsafeMutablePointer<Float>, _ w: [Float], rows: Int, count: Int,
                      into out: UnsafeMutablePointer<Float>) {
        w.withUnsafeBufferPointer { wp in
            RMSNorm.forward(x, weight: wp.baseAddress!, count: count, rows: rows, epsilon: config.rmsNormEpsilon,
                            addOne: config.normAddsOne, into: out)
        }
    }

    /// Runs of consecutive tokens of one sequence within `range`, as rows relative to its start.
    static func segments(of batch: TokenBatch, range: Range<Int>) -> [(sequence: Int, rows: Range<Int>)] {
        var result: [(sequence: Int, rows: Range<Int>)] = []
        var start = range.lowerBound
        for i in range where i == range.upperBound - 1 || batch.sequences[i + 1] != batch.sequences[i] {
            result.append((batch.sequences[i], (start - range.lowerBound)..<(i + 1 - range.lowerBound)))
            start = i + 1
        }
        return result
    }
}

/// A scratch buffer of floats, freed explicitly.
private struct Buffer {
    let p: UnsafeMutablePointer<Float>
    init(_ count: Int) { p = .allocate(capacity: max(1, count)) }
    func free() { p.deallocate() }
}

/// x[r, :] += b for each of `rows` rows of b.count floats.
private func addBias(_ x: UnsafeMutablePointer<Float>, _ b: [Float], rows: Int) {
    for r in 0..<rows {
        let row = x + r * b.count
        for i in 0..<b.count { row[i] += b[i] }
    }
}

/// x += y over `count` floats.
private func addInPlace(_ x: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, _ count: Int) {
    for i in 0..<count { x[i] += y[i] }
}

/// x *= s over `count` floats.
private func scaleInPlace(_ x: UnsafeMutablePointer<Float>, _ count: Int, _ s: Float) {
    for i in 0..<count { x[i] *= s }
}

/// x ← cap · tanh(x / cap) over `count` floats.
private func softCap(_ x: UnsafeMutablePointer<Float>, _ count: Int, _ cap: Float) {
    for i in 0..<count { x[i] = cap * tanh(x[i] / cap) }
}
