extension TrainableModel {
    /// Back-propagates dLoss/dlogp[n] (one per token of the last `forward`) through the model and
    /// adds every parameter's gradient into `gradients` (with LoRA: only the adapters' gradients,
    /// into `lora.gradients`; the frozen weights' gradient products are skipped). Consumes the kept logits (call `forward`
    /// again before another `backward`).
    public func backward(logProbabilityGradients dlogp: [Float]) throws(TrainingError) {
        guard let b = buffers, dlogp.count == tokens.count else {
            throw .badBatch(detail: "backward needs one gradient per token of the last forward (\(tokens.count)), got \(dlogp.count)")
        }
        let c = configuration, n = tokens.count, d = c.hiddenSize, f = c.intermediateSize
        let w = UnsafePointer(parameters.baseAddress!)
        let g: UnsafeMutablePointer<Float>? = lora == nil ? gradients.baseAddress! : nil  // nil: frozen
        let shape = Layers.AttentionShape(batch: b.batch, length: b.length, heads: c.headCount, kvHeads: c.kvHeadCount,
                                          headSize: c.headSize)
        dlogp.withUnsafeBufferPointer { dl in
            Layers.crossEntropyBackward(dl.baseAddress!, logits: b.logits, logSumExp: b.logSumExp, targets: targets,
                                        vocabulary: c.vocabularySize)
        }
        Layers.linearBackward(b.logits, x: b.finalNormed, weight: w + layout.head, rows: n, inputs: d,
                              outputs: c.vocabularySize, dx: b.dNormed, accumulate: false,
                              dweight: g.map { $0 + layout.head }, dbias: nil)
        Layers.rmsnormBackward(b.dNormed, x: b.output, weight: w + layout.finalNorm, rstd: b.finalRstd, rows: n,
                               width: d, dx: b.dResidual, accumulate: false, dweight: g.map { $0 + layout.finalNorm })
        for (l, o) in layout.layers.enumerated().reversed() {
            let a = b.layers[l]
            // MLP: dResidual is d(output of the layer) and, through the skip, already d(middle).
            Layers.swigluForward(gate: a.gate, up: a.up, count: n * f, output: b.hidden)
            Layers.linearBackward(b.dResidual, x: b.hidden, weight: w + o.down, rows: n, inputs: f, outputs: d,
                                  dx: b.dHidden, accumulate: false, dweight: g.map { $0 + o.down }, dbias: nil)
            lora?.backward(layer: l, .down_proj, outputGradient: b.dResidual, input: b.hidden, inputGradient: b.dHidden)
            Layers.swigluBackward(b.dHidden, gate: a.gate, up: a.up, count: n * f, dgate: b.dGate, dup: b.dUp)
            Layers.linearBackward(b.dGate, x: a.mlpNormed, weight: w + o.gate, rows: n, inputs: d, outputs: f,
                                  dx: b.dNormed, accumulate: false, dweight: g.map { $0 + o.gate }, dbias: nil)
            lora?.backward(layer: l, .gate_proj, outputGradient: b.dGate, input: a.mlpNormed, inputGradient: b.dNormed)
            Layers.linearBackward(b.dUp, x: a.mlpNormed, weight: w + o.up, rows: n, inputs: d, outputs: f,
                                  dx: b.dNormed, accumulate: true, dweight: g.map { $0 + o.up }, dbias: nil)
            lora?.backward(layer: l, .up_proj, outputGradient: b.dUp, input: a.mlpNormed, inputGradient: b.dNormed)
            Layers.rmsnormBackward(b.dNormed, x: a.middle, weight: w + o.mlpNorm, rstd: a.mlpRstd, rows: n, width: d,
                                   dx: b.dResidual, accumulate: true, dweight: g.map { $0 + o.mlpNorm })
            // Attention: dResidual is now d(middle) = d(input) through the skip + the attention path.
            Layers.linearBackward(b.dResidual, x: a.attention, weight: w + o.output, rows: n, inputs: c.queryWidth,
                                  outputs: d, dx: b.dAttention, accumulate: false, dweight: g.map { $0 + o.output }, dbias: nil)
            lora?.backward(layer: l, .o_proj, outputGradient: b.dResidual, input: a.attention, inputGradient: b.dAttention)
            Layers.attentionBackward(b.dAttention, q: a.q, k: a.k, v: a.v, statistics: a.softmaxStatistics, shape: shape,
                                     dq: b.dq, dk: b.dk, dv: b.dv, scratch: b.attentionScratch)
            // RoPE is a rotation: its backward rotates the gradient by the opposite angle.
            rope.apply(to: b.dq, positions: inversePositions, heads: c.headCount, headSize: c.headSize)
            rope.apply(to: b.dk, positions: inversePositions, heads: c.kvHeadCount, headSize: c.headSize)
            Layers.linearBackward(b.dq, x: a.attentionNormed, weight: w + o.query, rows: n, inputs: d,
                                  outputs: c.queryWidth, dx: b.dNormed, accumulate: false, dweight: g.map { $0 + o.query },
                                  dbias: g.flatMap { g in o.queryBias.map { g + $0 } })
            lora?.backward(layer: l, .q_proj, outputGradient: b.dq, input: a.attentionNormed, inputGradient: b.dNormed)
            Layers.linearBackward(b.dk, x: a.attentionNormed, weight: w + o.key, rows: n, inputs: d,
                                  outputs: c.kvWidth, dx: b.dNormed, accumulate: true, dweight: g.map { $0 + o.key },
                                  dbias: g.flatMap { g in o.keyBias.map { g + $0 } })
            lora?.backward(layer: l, .k_proj, outputGradient: b.dk, input: a.attentionNormed, inputGradient: b.dNormed)
            Layers.linearBackward(b.dv, x: a.attentionNormed, weight: w + o.value, rows: n, inputs: d,
                                  outputs: c.kvWidth, dx: b.dNormed, accumulate: true, dweight: g.map { $0 + o.value },
                                  dbias: g.flatMap { g in o.valueBias.map { g + $0 } })
            lora?.backward(layer: l, .v_proj, outputGradient: b.dv, input: a.attentionNormed, inputGradient: b.dNormed)
            Layers.rmsnormBackward(b.dNormed, x: a.input, weight: w + o.attentionNorm, rstd: a.attentionRstd, rows: n,
                                   width: d, dx: b.dResidual, accumulate: true, dweight: g.map { $0 + o.attentionNorm })
        }
        if let g { Layers.embeddingBackward(b.dResidual, tokens: tokens, width: d, dtable: g + layout.embedding) }
    }
}
