import NIOCore
import NIOPosix

/// A minimal HTTP/1.1 client for Hypercube's control plane, enough for load tools: WHEP POST and DELETE, health and
/// metrics. One connection per request (`Connection: close`), plain HTTP only, whole bodies in memory.
public struct ControlPlaneClient: Sendable {
    public let host: String
    public let port: Int
    /// Seconds a request may take, connecting included.
    public var timeout: Double = 15
    /// Sent as `Authorization: Bearer …` with every request when set.
    public var bearerToken: String?
    private let group: any EventLoopGroup

    init(host: String, port: Int, group: any EventLoopGroup) {
        self.host = host
        self.port = port
        self.group = group
    }

    public func get(_ path: String) async throws(LoadViewerError) -> ControlPlaneResponse {
        try await request("GET", path)
    }

    public func delete(_ path: String) async throws(LoadViewerError) -> ControlPlaneResponse {
        try await request("DELETE", path)
    }

    /// POSTs a WHEP offer to `path` (such as `/whep/default`) and expects 201 Created with a Location and an answer.
    public func postOffer(_ offer: String, to path: String) async throws(LoadViewerError) -> WHEPExchangeResult {
        let response = try await request("POST", path, contentType: "application/sdp", body: offer)
        guard response.status == 201, let location = response.headers["location"] else {
            throw LoadViewerError(
                .exchange, "POST \(path) answered \(response.status): \(String(response.body.prefix(300)))")
        }
        return WHEPExchangeResult(answer: response.body, location: location)
    }

    /// A WHEP exchange that POSTs offers to `path`, for `LoadClient.connectViewer`.
    public func whepExchange(path: String) -> WHEPOfferExchange {
        { offer in try await postOffer(offer, to: path) }
    }

    /// Sends one request and reads the whole response.
    public func request(
        _ method: String,
        _ path: String,
        contentType: String? = nil,
        body: String = ""
    ) async throws(LoadViewerError) -> ControlPlaneResponse {
        let payload = Array(body.utf8)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        if let bearerToken { head += "Authorization: Bearer \(bearerToken)\r\n" }
        head += "Content-Length: \(payload.count)\r\n\r\n"
        let request = Array(head.utf8) + payload
        let timeout = TimeAmount.nanoseconds(Int64(timeout * 1e9))
        let loop = group.next()
        let promise = loop.makePromise(of: ControlPlaneResponse.self)
        let deadline = loop.scheduleTask(in: timeout) {
            promise.fail(LoadViewerError(.timeout, "\(method) \(path) got no response within \(self.timeout) s"))
        }
        let connection = ClientBootstrap(group: loop)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(HTTPResponseCollector(promise: promise))
                }
            }
            .connect(host: host, port: port)
        connection.whenSuccess { channel in
            channel.writeAndFlush(channel.allocator.buffer(bytes: request), promise: nil)
        }
        connection.whenFailure { error in
            promise.fail(LoadViewerError(.socket, "cannot connect to \(host):\(port): \(error)"))
        }
        defer { deadline.cancel() }
        do {
            return try await promise.futureResult.get()
        } catch let error as LoadViewerError {
            try? await connection.get().close()
            throw error
        } catch {
            throw LoadViewerError(.http, "\(method) \(path) failed: \(error)")
        }
    }
}
