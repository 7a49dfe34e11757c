import Foundation

/// Which web origins a browser lets read the server's responses. WHEP (`/whep/...`) is open to every origin by
/// default, since players live on other sites; everything else (`/v1`, health, metrics) only to the listed origins,
/// so a page a person on the intranet happens to visit cannot read the audit log or the flags through their browser.
public struct CORSPolicy: Sendable, Equatable {
    /// Origins (`scheme://host[:port]`, lower case, no path) allowed on every route; `*` allows any.
    public var allowedOrigins: Set<String>
    public var whepOpenToAnyOrigin: Bool

    public init(allowedOrigins: [String] = [], whepOpenToAnyOrigin: Bool = true) {
        self.allowedOrigins = Set(allowedOrigins.map(Self.normalized))
        self.whepOpenToAnyOrigin = whepOpenToAnyOrigin
    }

    /// Reads `--cors-origin` values, refusing one that is not `*` or an origin (`https://player.example:8443`).
    public static func parse(origins: [String], whepOpenToAnyOrigin: Bool = true) throws(ConfigurationError)
        -> CORSPolicy
    {
        for origin in origins where origin != "*" {
            let components = URLComponents(string: origin)
            guard let components, ["http", "https"].contains(components.scheme?.lowercased()),
                components.host?.isEmpty == false, ["", "/"].contains(components.path), components.query == nil,
                components.fragment == nil, components.user == nil
            else {
                throw ConfigurationError(
                    "--cors-origin", "'\(origin)' is not an origin; expected * or scheme://host[:port]")
            }
        }
        return CORSPolicy(allowedOrigins: origins, whepOpenToAnyOrigin: whepOpenToAnyOrigin)
    }

    /// The `Access-Control-Allow-Origin` value for a request to `path` from `origin`, or nil for none.
    public func allowOrigin(path: String, origin: String?) -> String? {
        if whepOpenToAnyOrigin, path == "/whep" || path.hasPrefix("/whep/") { return origin ?? "*" }
        guard let origin else { return nil }
        if allowedOrigins.contains("*") || allowedOrigins.contains(Self.normalized(origin)) { return origin }
        return nil
    }

    static func normalized(_ origin: String) -> String {
        var origin = origin.lowercased()
        while origin.hasSuffix("/") { origin.removeLast() }
        return origin
    }
}
