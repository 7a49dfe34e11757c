import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// A relay's WHEP offer to an owner that serves HTTPS, through AsyncHTTPClient: the certificate is checked against the
/// system's roots, or against the PEM file `HYPERCUBE_RELAY_CA_FILE` names (a deployment's private CA). Plain http
/// upstreams keep the load viewer's own client.
public enum RelayHTTPSExchange {
    /// One client per process: connections are made per offer and closed after it.
    static let client: HTTPClient = {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = ProcessInfo.processInfo.environment["HYPERCUBE_RELAY_CA_FILE"], !file.isEmpty {
            tls.trustRoots = .file(file)
        }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(5))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Whether this node can reach `upstream` over TLS with a certificate it trusts (any HTTP answer to
    /// `GET /health/live` will do): an owner with a self-signed certificate nobody here trusts is redirected to instead.
    public static func trusts(_ upstream: RelayUpstream) async -> Bool {
        let base = upstream.description.dropLast(upstream.path.count)
        var request = HTTPClientRequest(url: base + "/health/live")
        request.method = .GET
        do {
            let response = try await client.execute(request, timeout: .seconds(3))
            _ = try await response.body.collect(upTo: 64 << 10)
            return true
        } catch {
            return false
        }
    }

    /// POSTs the offer to `upstream` (an `https` one) and returns the answer and the resource's Location.
    static func exchange(_ upstream: RelayUpstream) -> WHEPOfferExchange {
        { offer in
            var request = HTTPClientRequest(url: upstream.description)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/sdp")
            if let token = upstream.bearerToken { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
            request.body = .bytes(ByteBuffer(string: offer))
            let response = try await client.execute(request, timeout: .seconds(10))
            let body = String(buffer: try await response.body.collect(upTo: 256 << 10))
            guard response.status == .created, let location = response.headers.first(name: "Location") else {
                throw LoadViewerError(
                    .exchange, "POST \(upstream) answered \(response.status.code): \(String(body.prefix(300)))")
            }
            return WHEPExchangeResult(answer: body, location: location)
        }
    }
}
