extension TrainableModel {
    /// Runs `batch` sequences of `tokens.count / batch` tokens each (positions restart at 0 for each
    /// sequence; attention is causal within a sequence) and returns log p(targets[n] | tokens[...n])
    /// for every token, 0 where `targets[n] < 0`. Keeps the activations for `backward`.
    public func forward(tokens: [Int32], targets: [Int32], batch: Int) throws(TrainingError) -> [Float] {
        let c = configuration
        guard batch > 0, !tokens.isEmpty, tokens.count % batch == 0 else {
            throw .badBatch(detail: "\(tokens.count) tokens do not split into \(batch) equal sequences")
        }
        guard targets.count == tokens.count else {
            throw .badBatch(detail: "\(targets.count) targets for \(tokens.count) tokens")
        }
        if let bad = tokens.first(where: { $0 < 0 || Int($0) >= c.vocabularySize }) {
            throw .badBatch(detail: "token id \(bad) outside the vocabulary of \(c.vocabularySize)")
        }
        if let bad = targets.first(where: { Int($0) >= c.vocabularySize }) {
            throw .badBatch(detail: "target id \(bad) outside the vocabulary of \(c.vocabularySize)")
        }
        let length = tokens.count / batch, n = tokens.count, d = c.hiddenSize, f = c.intermediateSize
        let b = prepareBuffers(batch: batch, length: length)
        self.tokens = tokens
        self.targets = targets
        lora?.beginForward(rows: n)
        let w = UnsafePointer(parameters.baseAddress!)
        let shape = Layers.AttentionShape(batch: batch, length: length, heads: c.headCount, kvHeads: c.kvHeadCount,
                                          headSize: c.headSize)
        Layers.embeddingForward(tokens: tokens, table: w + layout.embedding, width: d, output: b.layers.first?.input ?? b.output)
        for (l, o) in layout.layers.enumerated() {
            let a = b.layers[l]
            Layers.rmsnormForward(a.input, weight: w + o.attentionNorm, rows: n, width: d, epsilon: c.rmsEpsilon,
                                  output: a.attentionNormed, rstd: a.attentionRstd)
            Layers.linearForward(a.attentionNormed, weight: w + o.query, bias: o.queryBias.map { w + $0 }, rows: n,
                                 inputs: d, outputs: c.queryWidth, output: a.q)
            lora?.forward(layer: l, .q_proj, input: a.attentionNormed, output: a.q)
            Layers.linearForward(a.attentionNormed, weight: w + o.key, bias: o.keyBias.map { w + $0 }, rows: n,
                                 inputs: d, outputs: c.kvWidth, output: a.k)
            lora?.forward(layer: l, .k_proj, input: a.attentionNormed, output: a.k)
            Layers.linearForward(a.attentionNormed, weight: w + o.value, bias: o.valueBias.map { w + $0 }, rows: n,
                                 inputs: d, outputs: c.kvWidth, output: a.v)
            lora?.forward(layer: l, .v_proj, input: a.attentionNormed, output: a.v)
            rope.apply(to: a.q, positions: positions, heads: c.headCount, headSize: c.headSize)
            rope.apply(to: a.k, positions: positions, heads: c.kvHeadCount, headSize: c.headSize)
            Layers.attentionForward(q: a.q, k: a.k, v: a.v, shape: shape, statistics: a.softmaxStatistics,
                                    scratch: b.attentionScratch, output: a.attention)
            Layers.linearForward(a.attention, weight: w + o.output, bias: nil, rows: n, inputs: c.queryWidth,
                                 outputs: d, output: a.middle)
            lora?.forward(layer: l, .o_proj, input: a.attention, output: a.middle)
            Layers.addInPlace(a.input, into: a.middle, count: n * d)
            Layers.rmsnormForward(a.middle, weight: w + o.mlpNorm, rows: n, width: d, epsilon: c.rmsEpsilon,
                                  output: a.mlpNormed, rstd: a.mlpRstd)
            Layers.linearForward(a.mlpNormed, weight: w + o.gate, bias: nil, rows: n, inputs: d, outputs: f, output: a.gate)
            lora?.forward(layer: l, .gate_proj, input: a.mlpNormed, output: a.gate)
            Layers.linearForward(a.mlpNormed, weight: w + o.up, bias: nil, rows: n, inputs: d, outputs: f, output: a.up)
            lora?.forward(layer: l, .up_proj, input: a.mlpNormed, output: a.up)
            Layers.swigluForward(gate: a.gate, up: a.up, count: n * f, output: b.hidden)
            let next = l + 1 < b.layers.count ? b.layers[l + 1].input : b.output
            Layers.linearForward(b.hidden, weight: w + o.down, bias: nil, rows: n, inputs: f, outputs: d, output: next)
            lora?.forward(layer: l, .down_proj, input: b.hidden, output: next)
            Layers.addInPlace(a.middle, into: next, count: n * d)
        }
        Layers.rmsnormForward(b.output, weight: w + layout.finalNorm, rows: n, width: d, epsilon: c.rmsEpsilon,
                              output: b.finalNormed, rstd: b.finalRstd)
        Layers.linearForward(b.finalNormed, weight: w + layout.head, bias: nil, rows: n, inputs: d,
                             outputs: c.vocabularySize, output: b.logits)
        Layers.crossEntropyForward(logits: b.logits, targets: targets, vocabulary: c.vocabularySize,
                                   logProbabilities: b.logProbabilities, logSumExp: b.logSumExp)
        return Array(UnsafeBufferPointer(start: b.logProbabilities, count: n))
    }
}
