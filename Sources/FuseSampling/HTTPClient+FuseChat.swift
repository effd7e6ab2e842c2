import AsyncHTTPClient

extension HTTPClient {
    /// The client FuseChat's HTTP backends share: like `.shared`, but with up to 256 connections
    /// per host (`.shared` keeps 8, which would queue a source's 64 concurrent requests inside the
    /// client with their timeouts already running). Lives for the whole process.
    public static let fusechat: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 256
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
}
