import Foundation
import FuseData
@testable import FuseRecipes
import Testing
import Yams

/// A small run: three SFT conversations (one with a system prompt) and two DPO pairs.
func sampleInput() -> ExportInput {
    func prov(_ id: String) -> Provenance {
        Provenance(promptId: id, domain: .instruction, source: "src-a", chosenSampleId: "\(id)/a/0",
                   rejectedSampleId: "\(id)/a/1", chosenReward: 0.9, rejectedReward: 0.85, margin: 0.05)
    }
    let sft = [
        SFTRecord(messages: [.system("Be brief."), .user("Hi"), .assistant("Hello.")], provenance: prov("p1")),
        SFTRecord(messages: [.user("2+2?"), .assistant("4")], provenance: prov("p2")),
        SFTRecord(messages: [.user("Say \"x\"\n/"), .assistant("\"x\"")], provenance: prov("p3")),
    ]
    let dpo = [
        DPOPair(prompt: [.user("Best color?")], chosen: [.assistant("Blue, because...")],
                rejected: [.assistant("Red.")], provenance: prov("q1")),
        DPOPair(prompt: [.system("S"), .user("Q")], chosen: [.assistant("good")],
                rejected: [.assistant("bad")], provenance: prov("q2")),
    ]
    return ExportInput(sft: sft, dpo: dpo)
}

struct ShapeError: Error {}

func jsonObject(_ text: String?) throws -> Any {
    guard let text else { throw ShapeError() }
    return try JSONSerialization.jsonObject(with: Data(text.utf8))
}

func jsonLines(_ text: String?) throws -> [[String: Any]] {
    guard let text else { throw ShapeError() }
    return try text.split(separator: "\n").map {
        guard let row = try jsonObject(String($0)) as? [String: Any] else { throw ShapeError() }
        return row
    }
}

func yamlMap(_ text: String?) throws -> [String: Any] {
    guard let text, let map = try Yams.load(yaml: text) as? [String: Any] else { throw ShapeError() }
    return map
}

func messages(_ value: Any?) -> [[String: String]] { (value as? [[String: String]]) ?? [] }

@Suite("Export folders")
struct ExportTests {
    let input = sampleInput()

    @Test("TRL: conversational SFT and preference JSONL, configs with the paper's Llama-3.2-1B recipe")
    func trl() throws {
        let bundle = Exporter().bundle(for: .trl, input: input)
        let sft = try jsonLines(bundle.text("data/sft.jsonl"))
        #expect(sft.count == 3)
        #expect(sft.allSatisfy { Set($0.keys) == ["messages"] })
        #expect(messages(sft[2]["messages"]) == [["role": "user", "content": "Say \"x\"\n/"], ["role": "assistant", "content": "\"x\""]])
        let dpo = try jsonLines(bundle.text("data/dpo.jsonl"))
        #expect(dpo.map { Set($0.keys) } == [["prompt", "chosen", "rejected"], ["prompt", "chosen", "rejected"]])
        #expect(messages(dpo[1]["prompt"]) == [["role": "system", "content": "S"], ["role": "user", "content": "Q"]])

        let sftConfig = try yamlMap(bundle.text("sft_config.yaml"))
        #expect(sftConfig["model_name_or_path"] as? String == "meta-llama/Llama-3.2-1B-Instruct")
        #expect(sftConfig["learning_rate"] as? Double == 5e-6)
        #expect(sftConfig["num_train_epochs"] as? Double == 3)
        #expect(sftConfig["max_length"] as? Int == 2048)
        #expect(sftConfig["gradient_accumulation_steps"] as? Int == 16)
        #expect(sftConfig["warmup_steps"] as? Double == 0.1)
        let dpoConfig = try yamlMap(bundle.text("dpo_config.yaml"))
        #expect(dpoConfig["loss_type"] as? [String] == ["sigmoid_norm"])
        #expect(dpoConfig["beta"] as? Double == 10)
        #expect(dpoConfig["learning_rate"] as? Double == 1e-6)
        #expect(dpoConfig["save_steps"] as? Int == 100)
        let accelerate = try yamlMap(bundle.text("accelerate_zero3.yaml"))
        #expect(accelerate["distributed_type"] as? String == "DEEPSPEED")
        #expect(accelerate["num_processes"] as? Int == 8)
        let ds = try #require(try jsonObject(bundle.text("ds_zero3.json")) as? [String: Any])
        #expect((ds["zero_optimization"] as? [String: Any])?["stage"] as? Int == 3)
        #expect(bundle.text("launch_dpo.sh")?.contains("accelerate launch --config_file accelerate_zero3.yaml") == true)
        #expect(bundle.notes.isEmpty)
    }

    @Test("YAML floats keep a decimal point (PyYAML reads 5e-06 as a string)")
    func floats() {
        #expect(ConfigValue.number(5e-6) == "5.0e-06")
        #expect(ConfigValue.number(8e-7) == "8.0e-07")
        #expect(ConfigValue.number(0.1) == "0.1")
        #expect(ConfigValue.double(1e-6).yaml().trimmingCharacters(in: .whitespacesAndNewlines) == "1.0e-06")
    }

    @Test("LLaMA-Factory: dataset_info.json registers sharegpt SFT and ranking DPO; LN-DPO is refused with a note")
    func llamaFactory() throws {
        let bundle = Exporter().bundle(for: .llamaFactory, input: input)
        let info = try #require(try jsonObject(bundle.text("data/dataset_info.json")) as? [String: [String: Any]])
        #expect(info["fusechat_sft"]?["ranking"] as? Bool == false)
        #expect(info["fusechat_dpo"]?["ranking"] as? Bool == true)
        #expect((info["fusechat_dpo"]?["columns"] as? [String: String]) == ["messages": "messages", "chosen": "chosen", "rejected": "rejected"])
        #expect((info["fusechat_sft"]?["tags"] as? [String: String])?["role_tag"] == "role")
        let dpo = try jsonLines(bundle.text("data/fusechat_dpo.jsonl"))
        #expect(dpo[0]["chosen"] as? [String: String] == ["role": "assistant", "content": "Blue, because..."])
        #expect(messages(dpo[0]["messages"]) == [["role": "user", "content": "Best color?"]])
        let sft = try yamlMap(bundle.text("sft.yaml"))
        #expect(sft["stage"] as? String == "sft")
        #expect(sft["template"] as? String == "llama3")
        #expect(sft["cutoff_len"] as? Int == 2048)
        #expect(bundle.text("dpo.yaml") == nil)
        #expect(bundle.notes.count == 1 && bundle.notes[0].contains("length-normalized"))

        var plan = TrainingPlan(targetModel: "Qwen/Qwen2.5-1.5B-Instruct")
        plan.dpo.loss = .sigmoid
        plan.dpo.beta = 0.01
        let standard = Exporter(plan: plan).bundle(for: .llamaFactory, input: input)
        let dpoYAML = try yamlMap(standard.text("dpo.yaml"))
        #expect(dpoYAML["pref_loss"] as? String == "sigmoid")
        #expect(dpoYAML["pref_beta"] as? Double == 0.01)
        #expect(dpoYAML["template"] as? String == "qwen")
        #expect(standard.notes.isEmpty)
    }

    @Test("OpenRLHF: messages / prompt-chosen-rejected JSONL and deepspeed launch flags")
    func openrlhf() throws {
        var plan = TrainingPlan()
        plan.dpo.loss = .sigmoid
        let bundle = Exporter(plan: plan).bundle(for: .openrlhf, input: input)
        #expect(try jsonLines(bundle.text("data/sft.jsonl")).count == 3)
        #expect(try jsonLines(bundle.text("data/dpo.jsonl")).map { Set($0.keys) }.allSatisfy { $0 == ["prompt", "chosen", "rejected"] })
        let sft = bundle.text("launch_sft.sh") ?? ""
        #expect(sft.contains("deepspeed --module openrlhf.cli.train_sft"))
        for flag in ["--data.input_key messages", "--data.apply_chat_template", "--data.multiturn", "--train.batch_size 128", "--train.max_epochs 3", "--adam.lr 5.0e-06", "--ds.zero_stage 3"] {
            #expect(sft.contains(flag), "\(flag)")
        }
        let dpo = bundle.text("launch_dpo.sh") ?? ""
        for flag in ["openrlhf.cli.train_dpo", "--data.chosen_key chosen", "--data.rejected_key rejected", "--data.prompt_key prompt", "--model.beta 10.0"] {
            #expect(dpo.contains(flag), "\(flag)")
        }
    }

    @Test("mlx-lm: train/valid split is disjoint, covers every record, and the config's iteration count follows the plan")
    func mlx() throws {
        var records = input.sft
        for i in 0..<37 {
            records.append(SFTRecord(messages: [.user("u\(i)"), .assistant("a\(i)")],
                                     provenance: Provenance(promptId: "x\(i)", domain: .instruction, source: "s", chosenSampleId: "x\(i)/s/0")))
        }
        let bundle = Exporter().bundle(for: .mlxLM, input: ExportInput(sft: records, dpo: input.dpo))
        let train = try jsonLines(bundle.text("data/train.jsonl"))
        let valid = try jsonLines(bundle.text("data/valid.jsonl"))
        #expect(valid.count == 2)
        #expect(train.count + valid.count == 40)
        let key: ([String: Any]) -> String = { messages($0["messages"]).map { $0["content"] ?? "" }.joined(separator: "|") }
        #expect(Set(train.map(key)).isDisjoint(with: valid.map(key)))
        let config = try yamlMap(bundle.text("lora_config.yaml"))
        #expect(config["iters"] as? Int == 1)  // ceil(38 * 3 / 128)
        #expect(config["fine_tune_type"] as? String == "full")
        #expect(bundle.notes.first?.contains("DPO") == true)
    }

    @Test("Export writes the folder and README; a run without pair files is an error naming the folder")
    func writeFolder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fusechat-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = RunFolder(dir.appendingPathComponent("run"))
        try FileManager.default.createDirectory(at: run.url, withIntermediateDirectories: true)
        #expect(throws: ExportError.missingData(run.url)) { try ExportInput(run: run) }
        _ = try JSONLFile<SFTRecord>(url: run.sftURL).append(input.sft)
        _ = try JSONLFile<DPOPair>(url: run.dpoURL).append(input.dpo)
        let out = dir.appendingPathComponent("trl")
        try Exporter().export(run: run, to: .trl, folder: out)
        let readme = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("./launch_sft.sh"))
        #expect(readme.contains("3 SFT conversations, 2 DPO pairs"))
        let script = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("launch_sft.sh").path)
        #expect((script[.posixPermissions] as? Int ?? 0) & 0o100 != 0)
        #expect(try String(contentsOf: out.appendingPathComponent("data/sft.jsonl"), encoding: .utf8).split(separator: "\n").count == 3)
    }
}
