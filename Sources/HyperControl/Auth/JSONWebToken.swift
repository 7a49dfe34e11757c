import Foundation
import HyperJSON

/// Verifies compact HS256 JSON Web Tokens (RFC 7519): the signature with the shared secret, `exp` (required),
/// `nbf` (if present) and the `role` claim. Every other algorithm, `none` included, is refused.
struct JSONWebToken: Sendable {
    let secret: [UInt8]

    /// The caller the token names, or why it is not acceptable.
    func verify(_ token: String, now: Date) throws(AuthFailure) -> Principal {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw AuthFailure(.invalidToken, "the token is neither the operator token nor a JWT")
        }
        guard let headerBytes = Self.base64URLDecode(parts[0]), let header = try? JSONValue(parsing: headerBytes),
            let payloadBytes = Self.base64URLDecode(parts[1]), let payload = try? JSONValue(parsing: payloadBytes),
            let signature = Self.base64URLDecode(parts[2])
        else {
            throw AuthFailure(.invalidToken, "the JWT is not base64url-encoded JSON")
        }
        guard header["alg"]?.stringValue == "HS256" else {
            throw AuthFailure(.invalidToken, "the JWT must be signed with HS256")
        }
        let signed = Array("\(parts[0]).\(parts[1])".utf8)
        guard HMACSHA256.constantTimeEqual(HMACSHA256.authenticationCode(key: secret, message: signed), signature)
        else {
            throw AuthFailure(.invalidToken, "the JWT signature does not verify")
        }
        guard let expiry = payload["exp"]?.doubleValue else {
            throw AuthFailure(.invalidToken, "the JWT has no numeric exp claim")
        }
        let seconds = now.timeIntervalSince1970
        guard seconds < expiry else {
            throw AuthFailure(
                .invalidToken, "the JWT expired at \(Timestamp.string(Date(timeIntervalSince1970: expiry)))")
        }
        if let notBefore = payload["nbf"]?.doubleValue, seconds < notBefore {
            throw AuthFailure(
                .invalidToken, "the JWT is not valid before \(Timestamp.string(Date(timeIntervalSince1970: notBefore)))"
            )
        }
        guard let roleName = payload["role"]?.stringValue, let role = Role(rawValue: roleName) else {
            throw AuthFailure(.invalidToken, "the JWT needs a role claim of \"operator\" or \"viewer\"")
        }
        let subject = payload["sub"]?.stringValue.map { "jwt:" + $0 } ?? "jwt:\(role.rawValue)"
        return Principal(subject: subject, role: role)
    }

    static func base64URLDecode(_ text: some StringProtocol) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard !base64.contains("=") else { return nil }
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map(Array.init)
    }

    static func base64URLEncode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Signs `claims` with HS256; for tests and tooling that mint tokens.
    static func sign(claims: JSONValue, secret: [UInt8]) -> String {
        let header = base64URLEncode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let payload = base64URLEncode(Array(claims.canonicalText.utf8))
        let signature = HMACSHA256.authenticationCode(key: secret, message: Array("\(header).\(payload)".utf8))
        return "\(header).\(payload).\(base64URLEncode(signature))"
    }
}
