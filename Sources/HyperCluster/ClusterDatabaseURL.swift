public import Foundation

/// The `--cluster` argument: `postgres://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=…]`, parsed strictly so a typo
/// is reported by name at startup instead of as a connection failure later.
///
/// The password may instead come from a file (a mounted secret) or `HYPERCUBE_CLUSTER_PASSWORD`, so it need not
/// appear on a command line; `description` never shows it.
public struct ClusterDatabaseURL: Sendable, Equatable, CustomStringConvertible {
    /// The environment variable consulted for the password when neither the URL nor a file gives one.
    public static let passwordEnvironmentVariable = "HYPERCUBE_CLUSTER_PASSWORD"

    public var user: String
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode
    var password: String?

    /// Parses `string`, taking the password from the URL, else from `passwordFile` (trailing newline dropped),
    /// else from `environment`.
    public init(
        _ string: String,
        passwordFile: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ClusterError) {
        var rest = Substring(string)
        guard let scheme = ["postgres://", "postgresql://"].first(where: { rest.hasPrefix($0) }) else {
            throw ClusterError(.invalidURL, "cluster URL must start with postgres:// or postgresql://")
        }
        rest = rest.dropFirst(scheme.count)

        let query: Substring?
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        } else {
            query = nil
        }
        guard let slash = rest.firstIndex(of: "/") else {
            throw ClusterError(.invalidURL, "cluster URL names no database: expected postgres://USER@HOST[:PORT]/DB")
        }
        let authority = rest[..<slash]
        let path = rest[rest.index(after: slash)...]

        guard let at = authority.lastIndex(of: "@") else {
            throw ClusterError(.invalidURL, "cluster URL names no user: expected postgres://USER@HOST[:PORT]/DB")
        }
        let userInfo = authority[..<at]
        let hostAndPort = authority[authority.index(after: at)...]

        let urlPassword: String?
        if let colon = userInfo.firstIndex(of: ":") {
            user = try Self.decode(userInfo[..<colon], part: "user")
            urlPassword = try Self.decode(userInfo[userInfo.index(after: colon)...], part: "password")
        } else {
            user = try Self.decode(userInfo, part: "user")
            urlPassword = nil
        }
        guard !user.isEmpty else {
            throw ClusterError(.invalidURL, "cluster URL names no user: expected postgres://USER@HOST[:PORT]/DB")
        }

        (host, port) = try Self.parseHost(hostAndPort)

        database = try Self.decode(path, part: "database")
        guard !database.isEmpty else {
            throw ClusterError(.invalidURL, "cluster URL names no database: expected postgres://USER@HOST[:PORT]/DB")
        }
        guard !database.contains("/") else {
            throw ClusterError(.invalidURL, "cluster URL database name '\(database)' contains '/'")
        }

        sslMode = try Self.parseQuery(query)
        password = try Self.password(urlPassword, file: passwordFile, environment: environment)
    }

    public var description: String {
        let authority = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(authority):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }

    private static func decode(_ part: Substring, part name: String) throws(ClusterError) -> String {
        guard let decoded = String(part).removingPercentEncoding else {
            throw ClusterError(.invalidURL, "cluster URL \(name) has an invalid percent escape")
        }
        return decoded
    }

    private static func parseHost(_ hostAndPort: Substring) throws(ClusterError) -> (String, Int) {
        let host: Substring
        let portText: Substring?
        if hostAndPort.hasPrefix("[") {
            guard let close = hostAndPort.firstIndex(of: "]") else {
                throw ClusterError(.invalidURL, "cluster URL host '\(hostAndPort)' opens '[' without closing it")
            }
            host = hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<close]
            let after = hostAndPort[hostAndPort.index(after: close)...]
            if after.isEmpty {
                portText = nil
            } else if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else {
                throw ClusterError(.invalidURL, "cluster URL has '\(after)' after the IPv6 host; expected ':PORT'")
            }
        } else if let colon = hostAndPort.firstIndex(of: ":") {
            host = hostAndPort[..<colon]
            portText = hostAndPort[hostAndPort.index(after: colon)...]
        } else {
            host = hostAndPort
            portText = nil
        }
        guard !host.isEmpty else {
            throw ClusterError(.invalidURL, "cluster URL names no host: expected postgres://USER@HOST[:PORT]/DB")
        }
        guard let portText else { return (String(host), 5432) }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw ClusterError(.invalidURL, "cluster URL port '\(portText)' is not a number from 1 to 65535")
        }
        return (String(host), port)
    }

    private static func parseQuery(_ query: Substring?) throws(ClusterError) -> SSLMode {
        var mode = SSLMode.prefer
        guard let query, !query.isEmpty else { return mode }
        for parameter in query.split(separator: "&", omittingEmptySubsequences: false) {
            let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, pair[0] == "sslmode" else {
                throw ClusterError(
                    .invalidURL, "cluster URL parameter '\(parameter)' is not supported; only sslmode is")
            }
            guard let parsed = SSLMode(rawValue: String(pair[1])) else {
                let modes = SSLMode.allCases.map(\.rawValue).joined(separator: ", ")
                throw ClusterError(.invalidURL, "cluster URL sslmode '\(pair[1])' is not one of \(modes)")
            }
            mode = parsed
        }
        return mode
    }

    private static func password(
        _ urlPassword: String?,
        file: String?,
        environment: [String: String]
    ) throws(ClusterError) -> String? {
        if let file {
            guard urlPassword == nil else {
                throw ClusterError(.invalidURL, "cluster password given both in the URL and as a file; give one")
            }
            let contents: String
            do {
                contents = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw ClusterError(.passwordUnavailable, "cannot read the cluster password file \(file): \(error)")
            }
            var password = Substring(contents)
            while let last = password.last, last.isNewline { password.removeLast() }
            return String(password)
        }
        return urlPassword ?? environment[passwordEnvironmentVariable]
    }
}
