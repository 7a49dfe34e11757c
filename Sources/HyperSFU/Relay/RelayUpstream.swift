import Foundation
public import HyperViewer

/// Where a relayed session comes from: the WHEP endpoint of the node that renders it (`http(s)://HOST:PORT/whep/ID`),
/// and the bearer token that node's control plane asks of viewers, if any.
public struct RelayUpstream: Sendable, Equatable, CustomStringConvertible {
    /// `http`, or `https` for an owner that serves TLS.
    public var scheme = "http"
    public var host: String
    public var port: Int
    /// The WHEP endpoint's path, such as `/whep/default`.
    public var path: String
    public var bearerToken: String?

    public init(host: String, port: Int, path: String, bearerToken: String? = nil) {
        self.host = host
        self.port = port
        self.path = path
        self.bearerToken = bearerToken
    }

    /// The endpoint of `sessionID` under a node's public base URL (`http://HOST:PORT`, no path or a `/` path).
    public init(baseURL: String, sessionID: String, bearerToken: String? = nil) throws(SFUError) {
        guard let components = URLComponents(string: baseURL), let host = components.host, !host.isEmpty else {
            throw SFUError(.badUpstream, "relay upstream '\(baseURL)' is not a URL with a host")
        }
        guard let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw SFUError(
                .badUpstream,
                "relay upstream '\(baseURL)': expected http:// or https:// (got \(components.scheme ?? "no scheme"))")
        }
        guard components.path.isEmpty || components.path == "/" else {
            throw SFUError(.badUpstream, "relay upstream '\(baseURL)' must be a base URL without a path")
        }
        let escaped = sessionID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? sessionID
        self.init(
            host: host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host,
            port: components.port ?? (scheme == "https" ? 443 : 80), path: "/whep/\(escaped)", bearerToken: bearerToken)
        self.scheme = scheme
    }

    /// A client for the upstream node's control plane (http or https, with the bearer token).
    public var client: ControlPlaneClient {
        ControlPlaneClient(scheme: scheme, host: host, port: port, bearerToken: bearerToken)
    }

    /// Whether this node can reach the upstream with a certificate it trusts (any HTTP answer to `GET /health/live`
    /// will do): an owner with a self-signed certificate nobody here trusts is redirected to instead.
    public func trusted() async -> Bool {
        await client.reachable()
    }

    public var description: String { "\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)\(path)" }
}
