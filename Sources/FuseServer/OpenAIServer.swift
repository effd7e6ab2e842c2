import Foundation
import FuseFormats
import FuseModels
import Hummingbird
import Logging
import NIOCore

/// An OpenAI-compatible HTTP server over local models: `GET /v1/models`,
/// `POST /v1/chat/completions` (streamed as server-sent events with `"stream": true`) and
/// `GET /health`. Each model has its own engine; concurrent requests to one model are batched by
/// it. Every refused request gets a 4xx in OpenAI's error shape and the server keeps serving.
public struct OpenAIServer: Sendable {
    /// The models served, by the name clients put in `model`.
    public let models: [String: LocalChatModel]
    public let host: String
    public let port: Int
    /// Largest request body accepted.
    public var maxBodyBytes = 16 << 20

    public init(models: [String: LocalChatModel], host: String = "127.0.0.1", port: Int = 8000) {
        self.models = models
        self.host = host
        self.port = port
    }

    /// Runs until cancelled; `onRunning` gets the bound port (useful with port 0).
    public func run(logger: Logger = Logger(label: "fusechat.serve"), onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = Application(router: router(), configuration: .init(address: .hostname(host, port: port)),
                              onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
                              logger: logger)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/health") { _, _ in Self.json(.ok, .object(["status": .string("ok")])) }
        router.get("/v1/models") { _, _ in
            Self.json(.ok, .object([
                "object": .string("list"),
                "data": .array(self.models.keys.sorted().map { name in
                    .object(["id": .string(name), "object": .string("model"), "created": .int(0), "owned_by": .string("fusechat")])
                }),
            ]))
        }
        router.post("/v1/chat/completions") { request, _ -> Response in
            do {
                return try await self.chatCompletion(request)
            } catch let error as OpenAIError {
                return Self.json(error.status, error.json)
            }
        }
        return router
    }

    private func chatCompletion(_ request: Request) async throws -> Response {
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: maxBodyBytes) } catch {
            throw OpenAIError(status: .contentTooLarge, message: "the request body is larger than \(maxBodyBytes) bytes")
        }
        let json: JSONValue
        do { json = try JSONParser.parse(Array(buffer: body)) } catch {
            throw OpenAIError(status: .badRequest, message: "the request body is not valid JSON: \(error)", code: "invalid_json")
        }
        let parsed = try ChatCompletionRequest(json: json)
        guard let chat = models[parsed.model] else {
            throw OpenAIError(status: .notFound, message: "the model '\(parsed.model)' does not exist; served: \(models.keys.sorted().joined(separator: ", "))",
                              param: "model", code: "model_not_found")
        }
        let prompt: [Int]
        do { prompt = try chat.promptTokens(for: parsed.messages) } catch {
            throw OpenAIError.invalid("messages", "the chat template failed on these messages: \(error)")
        }
        if prompt.count >= chat.engine.contextLength {
            throw OpenAIError(status: .badRequest, message: "this model's maximum context length is \(chat.engine.contextLength) tokens, but the messages have \(prompt.count) tokens",
                              param: "messages", code: "context_length_exceeded")
        }
        let generation = GenerationRequest(prompt: prompt, parameters: parsed.parameters, n: parsed.n)
        let shape = ChatCompletionResponse(model: parsed.model, tokenizer: chat.tokenizer)
        if parsed.stream { return stream(generation, engine: chat.engine, shape: shape, includeUsage: parsed.includeUsageInStream) }
        do {
            let samples = try await chat.engine.generate(generation)
            return Self.json(.ok, shape.completion(samples, promptTokens: prompt.count))
        } catch {
            throw Self.openAIError(error)
        }
    }

    private enum StreamEvent: Sendable {
        case delta(GenerationDelta)
        case done(Result<[GeneratedSequence], GenerationError>)
    }

    /// Server-sent events: a role chunk per choice, content deltas, a finish chunk per choice, an
    /// optional usage chunk, then `data: [DONE]`.
    private func stream(_ generation: GenerationRequest, engine: GenerationEngine, shape: ChatCompletionResponse,
                        includeUsage: Bool) -> Response {
        let (events, continuation) = AsyncStream<StreamEvent>.makeStream()
        engine.submit(generation, onDelta: { continuation.yield(.delta($0)) }) { result in
            continuation.yield(.done(result))
            continuation.finish()
        }
        let body = ResponseBody { writer in
            func send(_ value: JSONValue) async throws {
                try await writer.write(ByteBuffer(string: "data: \(JSONWriter.compact(value))\n\n"))
            }
            for index in 0..<generation.n {
                try await send(shape.chunk(index: index, delta: .object(["role": .string("assistant"), "content": .string("")])))
            }
            for await event in events {
                switch event {
                case .delta(let delta):
                    try await send(shape.chunk(index: delta.index, delta: .object(["content": .string(delta.text)])))
                case .done(.success(let samples)):
                    for sample in samples {
                        try await send(shape.chunk(index: sample.index, delta: .object([:]), finishReason: sample.finishReason.rawValue,
                                                   logprobs: sample.logprobs))
                    }
                    if includeUsage {
                        try await send(shape.usageChunk(prompt: generation.prompt.count, completion: samples.reduce(0) { $0 + $1.tokens.count }))
                    }
                case .done(.failure(let error)):
                    try await send(Self.openAIError(error).json)
                }
            }
            try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }

    static func openAIError(_ error: GenerationError) -> OpenAIError {
        switch error {
        case .invalidParameter(let field, _, _): return .invalid(field, error.description)
        case .promptTooLong, .emptyPrompt: return OpenAIError(status: .badRequest, message: error.description, param: "messages")
        case .model(.tokenOutOfRange): return OpenAIError(status: .badRequest, message: error.description, param: "messages")
        case .model, .cancelled: return OpenAIError(status: .internalServerError, message: error.description, type: "server_error")
        }
    }

    static func json(_ status: HTTPResponse.Status, _ value: JSONValue) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: JSONWriter.compact(value))))
    }
}
