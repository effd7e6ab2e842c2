// swift-tools-version:6.0
import PackageDescription
import Foundation

// Hot numeric code must be compiled for the CPU it runs on: without a target-CPU flag every SIMD
// FMA lane becomes a call to `fmaf` and kernels run ~100x slower (see docs/ARCHITECTURE.md).
// FUSECHAT_PORTABLE=1 builds for x86-64-v3 (Haswell: AVX2 + FMA) instead of the build machine.
let portable = ProcessInfo.processInfo.environment["FUSECHAT_PORTABLE"] == "1"
#if arch(x86_64)
let cpuFlags: [SwiftSetting] = [.unsafeFlags(["-Xcc", portable ? "-march=haswell" : "-march=native"])]
#else
let cpuFlags: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-mcpu=native"])]
#endif
let hot: [SwiftSetting] = cpuFlags + [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]

let package = Package(
    name: "FuseChat",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "fusechat", targets: ["fusechat"]),
        .library(name: "FuseChat", targets: [
            "FuseTensor", "FuseFormats", "FuseText", "FuseModels", "FuseData", "FuseScoring", "FuseEval",
            "FuseTraining", "FuseRecipes", "FuseSampling", "FuseServer",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
    ],
    targets: [
        // Tensors, SIMD kernels (GEMM, quantized dot products), GGML block formats, thread pool.
        .target(name: "FuseTensor", dependencies: ["CKernelSupport"], swiftSettings: hot),
        // A prefetch hint and a half-to-float load for the kernels (header-only C).
        .target(name: "CKernelSupport"),
        // GGUF and safetensors (read, write), Hugging Face config.json, model files on disk.
        // Parses untrusted files: keeps Swift's bounds and overflow checks (no -Ounchecked).
        .target(name: "FuseFormats", dependencies: ["FuseTensor"], swiftSettings: cpuFlags),
        // Tokenizers (byte-level BPE, SentencePiece) and chat templates (Jinja interpreter).
        .target(name: "FuseText", dependencies: ["FuseFormats"]),
        // Architectures, KV cache, forward passes, generation; model registry and demo-model store.
        .target(name: "FuseModels", dependencies: [
            "FuseTensor", "FuseFormats", "FuseText", .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: hot),
        // Record types, JSONL run store, provenance, prompt import, FuseChat-3.0 pair rules.
        .target(name: "FuseData", dependencies: [
            .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Trainable Float32 decoders (explicit backward passes), SFT and DPO losses, AdamW, schedules.
        .target(name: "FuseTraining", dependencies: ["FuseTensor", "FuseFormats", "FuseModels", "FuseData",
                                             .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: hot),
        // Fork, namespaces, rlimits and exec for the code sandbox (async-signal-safe C).
        .target(name: "CSandbox"),
        // Verifiers (math answers, code in a sandbox, instruction constraints) and reward models.
        .target(name: "FuseScoring", dependencies: [
            "FuseData", "FuseSampling", "FuseModels", "FuseText", "CSandbox", .product(name: "Logging", package: "swift-log"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        // Multi-source sampling: OpenAI-compatible HTTP endpoints and the local engine, resumable.
        .target(name: "FuseSampling", dependencies: [
            "FuseData", "FuseModels", .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // OpenAI-compatible HTTP server over local models (Hummingbird 2).
        .target(name: "FuseServer", dependencies: [
            "FuseModels", "FuseFormats", "FuseText", .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Benchmarks (GSM8K, HumanEval, IFEval, pairwise win rate) over data fetched from PyPI wheels.
        .target(name: "FuseEval", dependencies: ["FuseData", "FuseScoring", "FuseSampling", "FuseModels", "FuseTraining"]),
        // Export of the fused SFT/DPO data and training recipe to TRL, LLaMA-Factory, OpenRLHF, mlx-lm.
        .target(name: "FuseRecipes", dependencies: [
            "FuseData", "FuseModels", "FuseSampling", "FuseScoring", "FuseEval", "FuseTraining",
            .product(name: "Yams", package: "Yams"),
        ]),
        .executableTarget(name: "fusechat", dependencies: [
            "FuseTensor", "FuseFormats", "FuseText", "FuseModels", "FuseData", "FuseScoring", "FuseSampling", "FuseEval",
            "FuseRecipes", "FuseServer", "FuseTraining",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        .testTarget(name: "FuseTensorTests", dependencies: ["FuseTensor"], resources: [.copy("Fixtures")], swiftSettings: hot),
        .testTarget(name: "FuseFormatsTests", dependencies: [
            "FuseFormats", .product(name: "Crypto", package: "swift-crypto"),
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "FuseTextTests", dependencies: ["FuseText"], resources: [.copy("Fixtures")]),
        .testTarget(name: "FuseModelsTests", dependencies: ["FuseModels"], resources: [.copy("Fixtures")], swiftSettings: hot),
        .testTarget(name: "FuseTrainingTests", dependencies: ["FuseTraining"], resources: [.copy("Fixtures")], swiftSettings: hot),
        .testTarget(name: "FuseDataTests", dependencies: ["FuseData"], resources: [.copy("Fixtures")]),
        .testTarget(name: "FuseSamplingTests", dependencies: [
            "FuseSampling", .product(name: "Hummingbird", package: "hummingbird"),
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "FuseServerTests", dependencies: [
            "FuseServer", "FuseModels", .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "FuseScoringTests", dependencies: [
            "FuseScoring", .product(name: "Hummingbird", package: "hummingbird"),
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "FuseEvalTests", dependencies: ["FuseEval", "FuseSampling", "FuseData", "FuseScoring"], resources: [.copy("Fixtures")]),
        .testTarget(name: "FuseRecipesTests", dependencies: ["FuseRecipes", .product(name: "Yams", package: "Yams")]),
    ],
    swiftLanguageModes: [.v5]
)
