import FuseTensor

/// What the adapters keep between a forward and its backward for one step shape (N rows): each
/// slot's scaled low-rank activation h = (alpha/rank) · dropout(x)·Aᵀ [N, rank], and the scratch of
/// the backward. The dropped inputs are recomputed from the mask's key rather than kept.
final class LoRABuffers {
    let rows: Int
    let kept: UnsafeMutablePointer<Float>
    let dropped: UnsafeMutablePointer<Float>, droppedGradient: UnsafeMutablePointer<Float>
    let hiddenGradient: UnsafeMutablePointer<Float>, transposed: UnsafeMutablePointer<Float>
    let outputTransposed: UnsafeMutablePointer<Float>
    /// Total floats held.
    let floatCount: Int
    private let block: UnsafeMutablePointer<Float>

    init(rows n: Int, rank r: Int, slots: Int, widestInput: Int, widestOutput: Int, dropout: Bool) {
        rows = n
        let inputs = dropout ? n * widestInput : 0
        floatCount = slots * n * r + 2 * inputs + 2 * n * r + r * widestOutput
        block = .allocate(capacity: floatCount)
        block.initialize(repeating: 0, count: floatCount)
        var cursor = block
        func take(_ count: Int) -> UnsafeMutablePointer<Float> { defer { cursor += count }; return cursor }
        kept = take(slots * n * r)
        dropped = take(inputs)
        droppedGradient = take(inputs)
        hiddenGradient = take(n * r)
        transposed = take(n * r)
        outputTransposed = take(r * widestOutput)
    }

    deinit { block.deallocate() }
}

extension LoRAAdapters {
    /// Readies the buffers for a forward of `rows` rows and draws this forward's dropout key.
    func beginForward(rows: Int) {
        if buffers?.rows != rows {
            buffers = nil
            buffers = LoRABuffers(rows: rows, rank: configuration.rank, slots: slotCount, widestInput: widestInput,
                                  widestOutput: widestOutput, dropout: configuration.dropout > 0)
        }
        forwardKey = nil
        if let stream = dropoutStream, configuration.dropout > 0 {
            let seed = Self.mix(stream.seed ^ 0x4C6F_5241_4472_6F70)
            forwardKey = Self.mix(seed ^ Self.mix(UInt64(stream.step) << 20 | UInt64(forwardIndex)))
            forwardIndex += 1
        }
    }

    /// y += (alpha/rank) · dropout(x)·Aᵀ·Bᵀ for `module` of `layer`, if adapted.
    func forward(layer: Int, _ module: LoRAModule, input x: UnsafePointer<Float>, output y: UnsafeMutablePointer<Float>) {
        guard let s = slots[layer][module], let b = buffers else { return }
        let n = b.rows, r = configuration.rank, scale = configuration.scaling
        let w = UnsafePointer(parameters.baseAddress!)
        let u = dropped(x, slot: s, into: b.dropped)
        let h = b.kept + s.index * n * r
        GEMM.multiplyTransposed(m: n, n: r, k: s.inputs, a: u, lda: s.inputs, w: w + s.a, ldw: s.inputs, c: h, ldc: r)
        for i in 0..<n * r { h[i] *= scale }
        GEMM.multiplyTransposed(m: n, n: s.outputs, k: r, a: h, lda: r, w: w + s.b, ldw: r, c: y, ldc: s.outputs,
                                accumulate: true)
    }

    /// From dy of `module` of `layer` (and its input x of the forward): dB += dyᵀ·h, dA += dhᵀ·u
    /// with dh = (alpha/rank) · dy·B, and dx += dropout'(dh·A).
    func backward(layer: Int, _ module: LoRAModule, outputGradient dy: UnsafePointer<Float>, input x: UnsafePointer<Float>,
                  inputGradient dx: UnsafeMutablePointer<Float>) {
        guard let s = slots[layer][module], let b = buffers else { return }
        let n = b.rows, r = configuration.rank, scale = configuration.scaling
        let w = UnsafePointer(parameters.baseAddress!), g = gradients.baseAddress!
        let h = b.kept + s.index * n * r, dh = b.hiddenGradient
        // dBᵀ [rank, out] = hᵀ · dy, added transposed into dB [out, rank].
        Layers.transpose(h, rows: n, columns: r, into: b.transposed)
        GEMM.multiply(m: r, n: s.outputs, k: n, a: b.transposed, lda: n, b: dy, ldb: s.outputs, c: b.outputTransposed,
                      ldc: s.outputs)
        for o in 0..<s.outputs {
            for j in 0..<r { g[s.b + o * r + j] += b.outputTransposed[j * s.outputs + o] }
        }
        GEMM.multiply(m: n, n: r, k: s.outputs, a: dy, lda: s.outputs, b: w + s.b, ldb: r, c: dh, ldc: r)
        for i in 0..<n * r { dh[i] *= scale }
        Layers.transpose(dh, rows: n, columns: r, into: b.transposed)
        let u = dropped(x, slot: s, into: b.dropped)
        GEMM.multiply(m: r, n: s.inputs, k: n, a: b.transposed, lda: n, b: u, ldb: s.inputs, c: g + s.a, ldc: s.inputs,
                      accumulate: true)
        guard let key = forwardKey else {
            GEMM.multiply(m: n, n: s.inputs, k: r, a: dh, lda: r, b: w + s.a, ldb: s.inputs, c: dx, ldc: s.inputs,
                          accumulate: true)
            return
        }
        let du = b.droppedGradient
        GEMM.multiply(m: n, n: s.inputs, k: r, a: dh, lda: r, b: w + s.a, ldb: s.inputs, c: du, ldc: s.inputs)
        let slotKey = Self.mix(key &+ UInt64(s.index)), keep = 1 / Float(1 - configuration.dropout)
        let p = Float(configuration.dropout)
        for i in 0..<n * s.inputs where Self.unit(Self.mix(slotKey &+ UInt64(i))) >= p { dx[i] += du[i] * keep }
    }

    /// x itself without dropout; else x ⊙ mask / (1 − p) written to `scratch`, the mask drawn from
    /// the forward's key, the slot and the element index.
    private func dropped(_ x: UnsafePointer<Float>, slot s: Slot, into scratch: UnsafeMutablePointer<Float>)
        -> UnsafePointer<Float> {
        guard let key = forwardKey, let n = buffers?.rows else { return x }
        let slotKey = Self.mix(key &+ UInt64(s.index)), keep = 1 / Float(1 - configuration.dropout)
        let p = Float(configuration.dropout)
        for i in 0..<n * s.inputs {
            scratch[i] = Self.unit(Self.mix(slotKey &+ UInt64(i))) >= p ? x[i] * keep : 0
        }
        return UnsafePointer(scratch)
    }
}
