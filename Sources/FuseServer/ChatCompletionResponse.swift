import Foundation
import FuseFormats
import FuseModels
import FuseText

/// Builds the JSON of chat completions and stream chunks in OpenAI's shapes.
struct ChatCompletionResponse {
    let id: String
    let created: Int
    let model: String
    let tokenizer: BPETokenizer

    init(model: String, tokenizer: BPETokenizer) {
        id = "chatcmpl-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        created = Int(Date().timeIntervalSince1970)
        self.model = model
        self.tokenizer = tokenizer
    }

    /// The whole response of a non-streamed request.
    func completion(_ samples: [GeneratedSequence], promptTokens: Int) -> JSONValue {
        let completionTokens = samples.reduce(0) { $0 + $1.tokens.count }
        return .object([
            "id": .string(id), "object": .string("chat.completion"), "created": .int(created), "model": .string(model),
            "choices": .array(samples.map { sample in
                .object([
                    "index": .int(sample.index),
                    "message": .object(["role": .string("assistant"), "content": .string(sample.text)]),
                    "logprobs": sample.logprobs.map { .object(["content": .array($0.map(logprobEntry))]) } ?? .null,
                    "finish_reason": .string(sample.finishReason.rawValue),
                ])
            }),
            "usage": usage(prompt: promptTokens, completion: completionTokens),
        ])
    }

    /// One `chat.completion.chunk`: a delta for choice `index`, or its finish reason.
    func chunk(index: Int, delta: JSONValue, finishReason: String? = nil, logprobs: [TokenLogprob]? = nil) -> JSONValue {
        .object([
            "id": .string(id), "object": .string("chat.completion.chunk"), "created": .int(created), "model": .string(model),
            "choices": .array([.object([
                "index": .int(index), "delta": delta,
                "logprobs": logprobs.map { .object(["content": .array($0.map(logprobEntry))]) } ?? .null,
                "finish_reason": finishReason.map(JSONValue.string) ?? .null,
            ])]),
        ])
    }

    /// The last chunk when the client asked for `stream_options.include_usage`.
    func usageChunk(prompt: Int, completion: Int) -> JSONValue {
        .object([
            "id": .string(id), "object": .string("chat.completion.chunk"), "created": .int(created), "model": .string(model),
            "choices": .array([]), "usage": usage(prompt: prompt, completion: completion),
        ])
    }

    private func usage(prompt: Int, completion: Int) -> JSONValue {
        .object(["prompt_tokens": .int(prompt), "completion_tokens": .int(completion), "total_tokens": .int(prompt + completion)])
    }

    private func logprobEntry(_ entry: TokenLogprob) -> JSONValue {
        var fields = tokenFields(entry.token, entry.logprob)
        fields["top_logprobs"] = .array(entry.top.map { .object(tokenFields($0.token, $0.logprob)) })
        return .object(fields)
    }

    private func tokenFields(_ token: Int, _ logprob: Double) -> [String: JSONValue] {
        let bytes = tokenizer.bytes(of: token)
        return ["token": .string(String(decoding: bytes, as: UTF8.self)), "logprob": .double(logprob),
                "bytes": .array(bytes.map { .int(Int($0)) })]
    }
}
