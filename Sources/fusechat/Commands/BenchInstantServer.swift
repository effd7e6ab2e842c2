import Foundation
import Hummingbird
import Logging
import NIOCore

/// An in-process HTTP server that answers at once, for measuring client-side overhead: a fixed
/// one-choice chat completion on `/v1/chat/completions`, and a vLLM `/classify` answer with one
/// reward per input on `/classify`.
enum BenchInstantServer {
    static let completion = ByteBuffer(string: """
        {"id":"bench","object":"chat.completion","choices":[{"index":0,"finish_reason":"stop",\
        "message":{"role":"assistant","content":"The answer is 42."}}],"usage":{"completion_tokens":6}}
        """)

    /// Starts on a free loopback port; returns its root URL and the task running it.
    static func start() async throws -> (url: String, task: Task<Void, Error>) {
        let router = Router()
        router.post("/v1/chat/completions") { request, _ -> Response in
            _ = try await request.body.collect(upTo: 1 << 20)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: completion))
        }
        router.post("/classify") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 64 << 20)
            let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any]
            let count = (object?["input"] as? [Any])?.count ?? 1
            let data = (0..<count).map { #"{"index":\#($0),"label":"LABEL_0","probs":[0.5],"num_classes":1}"# }
            let json = #"{"object":"list","model":"bench","data":[\#(data.joined(separator: ","))]}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
        }
        let port = Port()
        var logger = Logger(label: "bench-server")
        logger.logLevel = .critical  // stopping by cancellation logs errors that mean nothing here
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in await port.set(channel.localAddress?.port ?? 0) },
                              logger: logger)
        let task = Task { try await app.runService() }
        for _ in 0..<1000 {
            let bound = await port.value
            if bound != 0 { return ("http://127.0.0.1:\(bound)", task) }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        task.cancel()
        throw CommandError(description: "the benchmark server did not start")
    }

    private actor Port {
        var value = 0
        func set(_ port: Int) { value = port }
    }
}

/// CPU seconds (user + system) of this process, or of its finished children.
func cpuSeconds(children: Bool = false) -> Double {
    var usage = rusage()
    getrusage(children ? RUSAGE_CHILDREN.rawValue : RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Wall-clock seconds since some fixed point.
func wallSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}
