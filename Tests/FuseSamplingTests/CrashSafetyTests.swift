import Foundation
import FuseData
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Sampler crash safety")
struct CrashSafetyTests {
    /// The `fusechat` executable built beside this test bundle.
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("fusechat")
    }

    static func launch(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func lineCount(_ url: URL) -> Int {
        ((try? Data(contentsOf: url)) ?? Data()).filter { $0 == 0x0A }.count
    }

    @Test("`fusechat sample` killed with SIGKILL mid-run, then rerun, has every sample exactly once")
    func killAndResume() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "fusechat not built at \(Self.binary.path)")
        let server = FaultServer()
        await server.setDefaultScript([.slowOK(seconds: 0.03)])
        let (baseURL, task) = try await server.start()
        defer { task.cancel() }
        let folder = RunFolder(FileManager.default.temporaryDirectory.appendingPathComponent("fusechat-crash-\(UUID().uuidString)"))
        let prompts = (0..<40).map { PromptRecord(id: "p\($0)", domain: .instruction, messages: [.user("prompt \($0)")]) }
        try folder.prompts().append(prompts)
        let arguments = ["sample", "--run", folder.url.path, "--quiet",
                         "--source", "name=a,url=\(baseURL),model=m,n=3,server-n=false,concurrency=4,timeout=10",
                         "--source", "name=b,url=\(baseURL),model=m,n=2,server-n=true,concurrency=2,timeout=10"]

        let first = try Self.launch(arguments)
        let deadline = Date().addingTimeInterval(60)
        while Self.lineCount(folder.samplesURL) < 30 && first.isRunning && Date() < deadline {
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        #expect(first.isRunning, "the first run must still be sampling when it is killed")
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        let written = Self.lineCount(folder.samplesURL)
        #expect(written >= 30 && written < 200)

        let second = try Self.launch(arguments)
        second.waitUntilExit()
        #expect(second.terminationStatus == 0)
        let samples = try folder.samples().records
        #expect(samples.count == 200)
        #expect(Set(samples.map(\.id)).count == 200)
        #expect(Self.lineCount(folder.samplesURL) == 200, "no duplicate lines and no torn line remain in the file")
        for prompt in prompts {
            let ids = Set(samples.filter { $0.promptId == prompt.id }.map { "\($0.source)/\($0.sampleIndex)" })
            #expect(ids == ["a/0", "a/1", "a/2", "b/0", "b/1"])
        }
    }
}
