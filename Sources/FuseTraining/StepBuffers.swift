/// Activations kept by a forward pass and the scratch its backward pass needs, for one step shape
/// (batch × length). Allocated once in a single block and reused for every step of that shape.
/// Attention probabilities and the SwiGLU product are not kept per layer: the backward pass
/// recomputes them (bit-identically) into shared scratch.
final class StepBuffers {
    struct Layer {
        var input: UnsafeMutablePointer<Float>      // residual stream entering the layer [N, D]
        var attentionRstd: UnsafeMutablePointer<Float>, attentionNormed: UnsafeMutablePointer<Float>
        var q: UnsafeMutablePointer<Float>, k: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>
        var softmaxStatistics: UnsafeMutablePointer<Float>, attention: UnsafeMutablePointer<Float>
        var middle: UnsafeMutablePointer<Float>     // residual after attention [N, D]
        var mlpRstd: UnsafeMutablePointer<Float>, mlpNormed: UnsafeMutablePointer<Float>
        var gate: UnsafeMutablePointer<Float>, up: UnsafeMutablePointer<Float>
    }

    let batch: Int, length: Int
    let layers: [Layer]
    let output: UnsafeMutablePointer<Float>          // residual after the last layer [N, D]
    let finalRstd: UnsafeMutablePointer<Float>, finalNormed: UnsafeMutablePointer<Float>
    let logits: UnsafeMutablePointer<Float>, logSumExp: UnsafeMutablePointer<Float>
    let logProbabilities: UnsafeMutablePointer<Float>
    // Backward scratch, shared by all layers.
    let dResidual: UnsafeMutablePointer<Float>, dNormed: UnsafeMutablePointer<Float>
    let dq: UnsafeMutablePointer<Float>, dk: UnsafeMutablePointer<Float>, dv: UnsafeMutablePointer<Float>
    let dAttention: UnsafeMutablePointer<Float>
    let dGate: UnsafeMutablePointer<Float>, dUp: UnsafeMutablePointer<Float>, dHidden: UnsafeMutablePointer<Float>
    /// silu(gate)·up of the layer being run or back-propagated [N, F].
    let hidden: UnsafeMutablePointer<Float>
    let attentionScratch: UnsafeMutablePointer<Float>
    /// Total floats held.
    let floatCount: Int
    private let block: UnsafeMutablePointer<Float>

    init(configuration c: TrainingConfiguration, batch: Int, length: Int) {
        self.batch = batch
        self.length = length
        let n = batch * length, d = c.hiddenSize, f = c.intermediateSize
        let shape = Layers.AttentionShape(batch: batch, length: length, heads: c.headCount, kvHeads: c.kvHeadCount,
                                          headSize: c.headSize)
        let perLayer = 2 * n * d + 2 * n + 2 * n * d + 2 * n * c.queryWidth + 2 * n * c.kvWidth
            + shape.statisticsCount + 2 * n * f
        let total = c.layerCount * perLayer + 2 * n * d + n + n * c.vocabularySize + 2 * n
            + 2 * n * d + 2 * n * c.queryWidth + 2 * n * c.kvWidth + 4 * n * f + shape.scratchCount
        floatCount = total
        let storage = UnsafeMutablePointer<Float>.allocate(capacity: total)
        storage.initialize(repeating: 0, count: total)
        block = storage
        var cursor = storage
        func take(_ count: Int) -> UnsafeMutablePointer<Float> { defer { cursor += count }; return cursor }
        layers = (0..<c.layerCount).map { _ in
            Layer(input: take(n * d), attentionRstd: take(n), attentionNormed: take(n * d),
                  q: take(n * c.queryWidth), k: take(n * c.kvWidth), v: take(n * c.kvWidth),
                  softmaxStatistics: take(shape.statisticsCount), attention: take(n * c.queryWidth),
                  middle: take(n * d), mlpRstd: take(n), mlpNormed: take(n * d),
                  gate: take(n * f), up: take(n * f))
        }
        output = take(n * d)
        finalRstd = take(n)
        finalNormed = take(n * d)
        logits = take(n * c.vocabularySize)
        logSumExp = take(n)
        logProbabilities = take(n)
        dResidual = take(n * d)
        dNormed = take(n * d)
        dq = take(n * c.queryWidth)
        dk = take(n * c.kvWidth)
        dv = take(n * c.kvWidth)
        dAttention = take(n * c.queryWidth)
        dGate = take(n * f)
        dUp = take(n * f)
        dHidden = take(n * f)
        hidden = take(n * f)
        attentionScratch = take(shape.scratchCount)
        precondition(cursor - storage == total, "step buffer layout does not add up")
    }

    deinit { block.deallocate() }
}
