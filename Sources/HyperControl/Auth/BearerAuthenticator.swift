import Foundation

/// Turns an `Authorization` header into a caller: the operator token (compared in constant time) or an HS256 JWT.
struct BearerAuthenticator: Sendable {
    static let operatorSubject = "operator-token"

    let policy: AccessPolicy

    func authenticate(_ authorization: String?, now: Date = Date()) throws(AuthFailure) -> Principal {
        guard policy.hasCredentials else {
            throw AuthFailure(
                .notConfigured,
                "no credentials are configured on this server: set HYPERCUBE_OPERATOR_TOKEN (or "
                    + "HYPERCUBE_OPERATOR_TOKEN_FILE) or HYPERCUBE_JWT_SECRET and restart it"
            )
        }
        guard let authorization, !authorization.isEmpty else {
            throw AuthFailure(.missingCredentials, "this request needs an Authorization: Bearer <token> header")
        }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw AuthFailure(.invalidToken, "the Authorization header must use the Bearer scheme")
        }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        if let operatorToken = policy.operatorToken, HMACSHA256.secretsEqual(token, operatorToken) {
            return Principal(subject: Self.operatorSubject, role: .operator)
        }
        guard let secret = policy.jwtSecret else {
            throw AuthFailure(.invalidToken, "the bearer token is not valid")
        }
        return try JSONWebToken(secret: secret).verify(token, now: now)
    }
}
