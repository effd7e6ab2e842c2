import FuseSampling

/// Why a reward request failed; each case names the endpoint.
public enum RewardError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The HTTP exchange failed (status, timeout, connection), classified for the retry policy.
    case request(endpoint: String, BackendError)
    /// A 200 whose body is not what the API returns, e.g. `data[3].probs missing`. Bodies that are
    /// not JSON at all are retried (a proxy's error page); well-formed JSON of the wrong shape is not.
    case response(endpoint: String, detail: String, transient: Bool)
    /// The input cannot be sent to this API (a conversation to a text-only API).
    case input(endpoint: String, detail: String)

    /// Whether another attempt may succeed.
    public var isTransient: Bool {
        switch self {
        case .request(_, let error): return error.isTransient
        case .response(_, _, let transient): return transient
        case .input: return false
        }
    }

    /// The server's Retry-After, seconds, if it sent one.
    public var retryAfter: Double? {
        if case .request(_, .transient(_, let retryAfter)) = self { return retryAfter }
        return nil
    }

    public var description: String {
        switch self {
        case .request(let endpoint, let error): return "\(endpoint): \(error.description)"
        case .response(let endpoint, let detail, _): return "\(endpoint): \(detail)"
        case .input(let endpoint, let detail): return "\(endpoint): \(detail)"
        }
    }
}
