import HTTPTypes

/// Why a request was not authorized: no usable credentials (401) or the wrong role (403).
struct AuthFailure: Error, Sendable, Equatable {
    enum Code: Sendable, Equatable {
        /// No `Authorization: Bearer` header.
        case missingCredentials
        /// The token is unknown, malformed, badly signed or expired.
        case invalidToken
        /// Valid credentials whose role does not allow the request.
        case insufficientRole
        /// The server has no way to authenticate anyone for this request.
        case notConfigured
    }

    var code: Code
    var reason: String

    init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The HTTP answer: 401 with an RFC 6750 `WWW-Authenticate: Bearer` challenge, or 403.
    var problem: ProblemDetails {
        switch code {
        case .missingCredentials, .notConfigured:
            ProblemDetails(.unauthorized, reason, headers: [.wwwAuthenticate: #"Bearer realm="hypercube""#])
        case .invalidToken:
            ProblemDetails(
                .unauthorized,
                reason,
                headers: [.wwwAuthenticate: #"Bearer realm="hypercube", error="invalid_token""#]
            )
        case .insufficientRole:
            ProblemDetails(
                .forbidden,
                reason,
                headers: [.wwwAuthenticate: #"Bearer realm="hypercube", error="insufficient_scope", scope="operator""#]
            )
        }
    }
}
