import Testing
@testable import FuseData

/// Hand-worked examples of every FuseChat-3.0 pair rule and its edge cases.
@Suite("Pair rules")
struct PairBuilderTests {
    /// Everything goes to DPO (sftFraction 0) or everything to SFT (1), to test one side at a time.
    static func rules(sft: Double) -> PairRules {
        var rules = PairRules()
        rules.instruction.sftFraction = sft
        rules.math.sftFraction = sft
        rules.code.sftFraction = sft
        return rules
    }

    /// A prompt with samples given as (source, reward, verdict).
    struct Case {
        var domain: Domain
        var samples: [(String, Double?, ScoreRecord.Verdict?)]

        var prompt: PromptRecord { PromptRecord(id: "p1", domain: domain, messages: [.user("question")]) }

        func build(_ rules: PairRules) -> PairBuilder.Outcome {
            var indexBySource: [String: Int] = [:]
            var samples: [SampleRecord] = []
            var scores: [ScoreRecord] = []
            for (source, reward, verdict) in self.samples {
                let index = indexBySource[source, default: 0]
                indexBySource[source] = index + 1
                let sample = SampleRecord(promptId: "p1", source: source, sampleIndex: index,
                                          text: "\(source)-\(index)", tokenCount: 3, finishReason: "stop",
                                          settings: SamplingSettings(), seed: 1, backend: "test", latencyMs: nil)
                samples.append(sample)
                if let reward { scores.append(ScoreRecord(sampleId: sample.id, scorer: "reward", scorerVersion: "t", value: reward)) }
                if let verdict {
                    scores.append(ScoreRecord(sampleId: sample.id, scorer: domain == .code ? "code" : "math",
                                              scorerVersion: "t", verdict: verdict))
                }
            }
            return PairBuilder(rules: rules).build(prompts: [prompt], samples: samples, scores: scores)
        }
    }

    @Test("instruction: best vs worst of one source, inside the reward window")
    func instructionPairInWindow() {
        let outcome = Case(domain: .instruction, samples: [("A", 0.50, nil), ("A", 0.45, nil), ("A", 0.52, nil)])
            .build(Self.rules(sft: 0))
        #expect(outcome.dpo.count == 1)
        let pair = outcome.dpo[0]
        #expect(pair.chosen == [.assistant("A-2")])
        #expect(pair.rejected == [.assistant("A-1")])
        #expect(abs(pair.provenance.margin! - 0.07) < 1e-12)
        #expect(pair.prompt == [.user("question")])
    }

    @Test("instruction: a margin above or below the window drops the pair, with the reason")
    func windowBounds() {
        let above = Case(domain: .instruction, samples: [("A", 0.9, nil), ("A", 0.6, nil)]).build(Self.rules(sft: 0))
        #expect(above.dpo.isEmpty)
        #expect(above.summary.domains["instruction"]?.dpoDropped == ["margin_above_window": 1])
        let below = Case(domain: .instruction, samples: [("A", 0.5, nil), ("A", 0.505, nil)]).build(Self.rules(sft: 0))
        #expect(below.dpo.isEmpty)
        #expect(below.summary.domains["instruction"]?.dpoDropped == ["margin_below_window": 1])
        let edge = Case(domain: .instruction, samples: [("A", 0.6, nil), ("A", 0.5, nil)]).build(Self.rules(sft: 0))
        #expect(edge.dpo.count == 1, "a margin of exactly max_margin (0.1) is inside the window")
    }

    @Test("ties: equal rewards give margin 0, below the window; chosen/rejected break ties by index")
    func ties() {
        let outcome = Case(domain: .instruction, samples: [("A", 0.5, nil), ("A", 0.5, nil), ("A", 0.5, nil)])
            .build(Self.rules(sft: 0))
        #expect(outcome.dpo.isEmpty)
        #expect(outcome.summary.domains["instruction"]?.dpoDropped == ["margin_below_window": 1])
        var wide = Self.rules(sft: 0)
        wide.minMargin = 0
        let kept = Case(domain: .instruction, samples: [("A", 0.5, nil), ("A", 0.5, nil), ("A", 0.5, nil)]).build(wide)
        #expect(kept.dpo.first?.chosen == [.assistant("A-0")])
        #expect(kept.dpo.first?.rejected == [.assistant("A-2")])
    }

    @Test("one sample per source gives no pair, even across sources")
    func oneSample() {
        let outcome = Case(domain: .instruction, samples: [("A", 0.5, nil), ("B", 0.55, nil)]).build(Self.rules(sft: 0))
        #expect(outcome.dpo.isEmpty, "pairs never mix sources")
        #expect(outcome.summary.domains["instruction"]?.dpoDropped == ["too_few_samples": 1])
    }

    @Test("several sources qualify: the pair with the highest chosen reward wins")
    func severalSources() {
        let outcome = Case(domain: .instruction, samples: [
            ("A", 0.60, nil), ("A", 0.55, nil), ("B", 0.70, nil), ("B", 0.68, nil), ("C", 0.9, nil), ("C", 0.3, nil),
        ]).build(Self.rules(sft: 0))
        #expect(outcome.dpo.count == 1)
        #expect(outcome.dpo[0].provenance.source == "B", "C's margin 0.6 is outside the window; B's chosen 0.70 beats A's 0.60")
        #expect(outcome.summary.sources["B"]?.dpoPairs == 1)
    }

    @Test("math: correct with the highest reward vs incorrect with the lowest")
    func mathPair() {
        let outcome = Case(domain: .math, samples: [
            ("A", 0.30, .correct), ("A", 0.25, .incorrect), ("A", 0.28, .incorrect), ("A", 0.40, .incorrect),
        ]).build(Self.rules(sft: 0))
        #expect(outcome.dpo.first?.chosen == [.assistant("A-0")])
        #expect(outcome.dpo.first?.rejected == [.assistant("A-1")])
    }

    @Test("math: all correct or all incorrect gives no pair")
    func mathAllSame() {
        let allCorrect = Case(domain: .math, samples: [("A", 0.3, .correct), ("A", 0.25, .correct)]).build(Self.rules(sft: 0))
        #expect(allCorrect.summary.domains["math"]?.dpoDropped == ["no_incorrect_response": 1])
        let allWrong = Case(domain: .math, samples: [("A", 0.3, .incorrect), ("A", 0.25, .incorrect)]).build(Self.rules(sft: 0))
        #expect(allWrong.summary.domains["math"]?.dpoDropped == ["no_correct_response": 1])
    }

    @Test("code: pass vs fail without a reward window by default; all-fail prompts are dropped")
    func codePairs() {
        let pair = Case(domain: .code, samples: [("A", 0.9, .pass), ("A", 0.1, .fail), ("A", 0.5, .timeout)])
            .build(Self.rules(sft: 0))
        #expect(pair.dpo.first?.rejected == [.assistant("A-1")])
        #expect(abs((pair.dpo.first?.provenance.margin ?? 0) - 0.8) < 1e-12)
        let allFail = Case(domain: .code, samples: [("A", 0.9, .fail), ("A", 0.1, .error)]).build(Self.rules(sft: 0))
        #expect(allFail.dpo.isEmpty)
        #expect(allFail.summary.domains["code"]?.dpoDropped == ["no_correct_response": 1])
    }

    @Test("verified domains pair without rewards when the window is off")
    func verifiedWithoutRewards() {
        let outcome = Case(domain: .code, samples: [("A", nil, .fail), ("A", nil, .pass)]).build(Self.rules(sft: 0))
        #expect(outcome.dpo.first?.chosen == [.assistant("A-1")])
        #expect(outcome.dpo.first?.provenance.margin == nil)
        let math = Case(domain: .math, samples: [("A", nil, .incorrect), ("A", nil, .correct)]).build(Self.rules(sft: 0))
        #expect(math.summary.domains["math"]?.dpoDropped == ["missing_reward": 1], "math keeps the paper's window, which needs rewards")
    }

    @Test("SFT: the best response over all sources; math only among correct ones")
    func sftBest() {
        let instruction = Case(domain: .instruction, samples: [("A", 0.5, nil), ("B", 0.7, nil), ("B", 0.2, nil)])
            .build(Self.rules(sft: 1))
        #expect(instruction.sft.first?.messages == [.user("question"), .assistant("B-0")])
        #expect(instruction.dpo.isEmpty)
        let math = Case(domain: .math, samples: [("A", 0.9, .incorrect), ("B", 0.4, .correct), ("B", 0.3, .correct)])
            .build(Self.rules(sft: 1))
        #expect(math.sft.first?.provenance.chosenSampleId == "p1/B/0")
        let none = Case(domain: .math, samples: [("A", 0.9, .incorrect)]).build(Self.rules(sft: 1))
        #expect(none.summary.domains["math"]?.sftDropped == ["no_correct_response": 1])
        let unscored = Case(domain: .instruction, samples: [("A", nil, nil)]).build(Self.rules(sft: 1))
        #expect(unscored.summary.domains["instruction"]?.sftDropped == ["missing_reward": 1])
    }

    @Test("Chinese prompts are SFT only, from the configured source")
    func chinese() {
        var rules = Self.rules(sft: 0)
        rules.chineseSource = "qwen"
        let outcome = Case(domain: .chinese, samples: [("gemma", 0.9, nil), ("qwen", 0.1, nil)]).build(rules)
        #expect(outcome.sft.first?.provenance.source == "qwen")
        #expect(outcome.dpo.isEmpty)
    }

    @Test("the SFT/DPO split is deterministic, disjoint and close to the configured fraction")
    func split() {
        let builder = PairBuilder(rules: PairRules())
        let prompts = (0..<2000).map { PromptRecord(id: "q\($0)", domain: .instruction, messages: [.user("q\($0)")]) }
        let sft = prompts.filter(builder.goesToSFT)
        #expect(abs(Double(sft.count) / 2000 - 0.4) < 0.04)
        #expect(prompts.filter(builder.goesToSFT).map(\.id) == sft.map(\.id))
        var reseeded = PairRules()
        reseeded.splitSeed = 7
        #expect(prompts.filter(PairBuilder(rules: reseeded).goesToSFT).map(\.id) != sft.map(\.id))
    }
}
