import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// One HTTP response, read whole.
public struct ControlPlaneResponse: Sendable, Equatable {
    public var status: Int
    /// Header names in lower case; a repeated header keeps its last value.
    public var headers: [String: String]
    public var body: String

    public init(status: Int, headers: [String: String], body: String) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// An HTTP client for a Hypercube control plane (or any WHEP endpoint), over http or https, on AsyncHTTPClient:
/// WHEP POST and DELETE, health and metrics for load tools, and the offers relays send to the node that renders a
/// session. Over https the certificate is checked against the system's roots, or against the PEM file
/// `HYPERCUBE_RELAY_CA_FILE` names (a deployment's private CA).
public struct ControlPlaneClient: Sendable {
    public let scheme: String
    public let host: String
    public let port: Int
    /// Seconds a request may take, connecting included.
    public var timeout: Double = 15
    /// Sent as `Authorization: Bearer …` with every request when set.
    public var bearerToken: String?

    /// The largest response body read.
    static let maximumBodyBytes = 4 << 20

    /// One client per process, its connections pooled; it lives as long as the process.
    static let shared: HTTPClient = {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = ProcessInfo.processInfo.environment["HYPERCUBE_RELAY_CA_FILE"], !file.isEmpty {
            tls.trustRoots = .file(file)
        }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.timeout = .init(connect: .seconds(5))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    public init(scheme: String = "http", host: String, port: Int, bearerToken: String? = nil) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.bearerToken = bearerToken
    }

    /// `scheme://host:port`, IPv6 hosts bracketed.
    public var baseURL: String { "\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)" }

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

    /// Whether the server answers `GET /health/live` at all (any status) within 3 s: over https, whether this
    /// process trusts its certificate.
    public func reachable() async -> Bool {
        var copy = self
        copy.timeout = 3
        return (try? await copy.get("/health/live")) != nil
    }

    /// Sends one request and reads the whole response.
    public func request(
        _ method: String,
        _ path: String,
        contentType: String? = nil,
        body: String = ""
    ) async throws(LoadViewerError) -> ControlPlaneResponse {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = HTTPMethod(rawValue: method)
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        if let bearerToken { request.headers.add(name: "Authorization", value: "Bearer \(bearerToken)") }
        if method == "POST" || method == "PUT" || method == "PATCH" || !body.isEmpty {
            request.body = .bytes(ByteBuffer(string: body))
        }
        let deadline = TimeAmount.nanoseconds(Int64(timeout * 1e9))
        do {
            let response = try await Self.shared.execute(request, timeout: deadline)
            let bytes = try await response.body.collect(upTo: Self.maximumBodyBytes)
            var headers: [String: String] = [:]
            for header in response.headers { headers[header.name.lowercased()] = header.value }
            return ControlPlaneResponse(
                status: Int(response.status.code), headers: headers, body: String(buffer: bytes))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw LoadViewerError(.timeout, "\(method) \(path) got no response within \(timeout) s")
        } catch let error as HTTPClientError where error == .connectTimeout {
            throw LoadViewerError(.socket, "cannot connect to \(host):\(port): \(error)")
        } catch {
            throw LoadViewerError(.http, "\(method) \(baseURL)\(path) failed: \(error)")
        }
    }
}
