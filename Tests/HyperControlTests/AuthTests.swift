import Foundation
import HTTPTypes
import HyperJSON
import Testing

@testable import HyperControl

/// Bearer authentication (operator token, HS256 JWTs), the policy read from the environment, the rate limiter.
struct AuthTests {
    static let policy = AccessPolicy(operatorToken: TestServer.operatorToken, jwtSecret: TestServer.jwtSecret)

    static func authenticate(_ header: String?, policy: AccessPolicy = policy) -> Result<Principal, AuthFailure> {
        Result { () throws(AuthFailure) in try BearerAuthenticator(policy: policy).authenticate(header) }
    }

    @Test func operatorTokenAndJWTsAuthenticate() throws {
        #expect(
            try Self.authenticate("Bearer \(TestServer.operatorToken)").get()
                == Principal(subject: "operator-token", role: .operator)
        )
        #expect(
            try Self.authenticate("bearer \(testToken(role: "viewer", subject: "ann"))").get()
                == Principal(subject: "jwt:ann", role: .viewer)
        )
    }

    @Test(arguments: [
        (nil, AuthFailure.Code.missingCredentials, "needs an Authorization: Bearer"),
        ("Basic dXNlcjpwYXNz", .invalidToken, "Bearer scheme"),
        ("Bearer \(TestServer.operatorToken)x", .invalidToken, "neither the operator token nor a JWT"),
        ("Bearer \(testToken(role: "operator", expiresIn: -5))", .invalidToken, "expired"),
        ("Bearer \(testToken(role: "admin"))", .invalidToken, "role claim"),
        (
            "Bearer "
                + JSONWebToken.sign(
                    claims: ["role": "operator", "exp": 9_999_999_999],
                    secret: Array("another-secret-0123456789abcdef0123".utf8)
                ),
            .invalidToken, "signature"
        ),
    ])
    func badCredentialsAreRefusedWithTheReason(header: String?, code: AuthFailure.Code, reason: String) {
        guard case .failure(let failure) = Self.authenticate(header) else {
            Issue.record("accepted \(header ?? "nil")")
            return
        }
        #expect(failure.code == code)
        #expect(failure.reason.contains(reason))
        #expect(failure.problem.status == .unauthorized)
        #expect(failure.problem.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
    }

    @Test func unsignedAndOtherAlgorithmsAreRefused() {
        let payload = JSONWebToken.base64URLEncode(Array(#"{"role":"operator","exp":9999999999}"#.utf8))
        for header in [#"{"alg":"none"}"#, #"{"alg":"HS512"}"#] {
            let token = JSONWebToken.base64URLEncode(Array(header.utf8)) + "." + payload + "."
            guard case .failure(let failure) = Self.authenticate("Bearer \(token)") else {
                Issue.record("accepted alg \(header)")
                continue
            }
            #expect(failure.reason.contains("HS256"))
        }
    }

    @Test func withoutCredentialsConfiguredEveryTokenIsRefusedWithHowToFixIt() {
        guard case .failure(let failure) = Self.authenticate("Bearer anything", policy: AccessPolicy()) else {
            Issue.record("accepted a token with nothing configured")
            return
        }
        #expect(failure.code == .notConfigured)
        #expect(failure.reason.contains("HYPERCUBE_OPERATOR_TOKEN"))
    }

    @Test func rolesNest() {
        #expect(Role.operator.allows(.viewer) && Role.operator.allows(.operator))
        #expect(Role.viewer.allows(.viewer) && !Role.viewer.allows(.operator))
    }

    @Test func constantTimeComparison() {
        #expect(HMACSHA256.secretsEqual("abc", "abc"))
        #expect(!HMACSHA256.secretsEqual("abc", "abd"))
        #expect(!HMACSHA256.secretsEqual("abc", "abcd"))
        #expect(!HMACSHA256.constantTimeEqual([1, 2], [1, 2, 3]))
    }

    @Test func policyIsReadFromTheEnvironment() async throws {
        try await withStateDirectory { directory in
            let file = directory.appendingPathComponent("token")
            try Data("  file-token-0123456789abcdef\n".utf8).write(to: file)
            let policy = try AccessPolicy(environment: [
                "HYPERCUBE_OPERATOR_TOKEN_FILE": file.path, "HYPERCUBE_VIEWER_AUTH": "required",
                "HYPERCUBE_WRITE_RATE": "2", "HYPERCUBE_WRITE_BURST": "3",
            ])
            #expect(policy.operatorToken == "file-token-0123456789abcdef")
            #expect(policy.viewerAccess == .required)
            #expect(policy.writesPerSecond == 2 && policy.writeBurst == 3)
            #expect(!(try AccessPolicy(environment: [:])).hasCredentials)
            #expect(throws: ConfigurationError.self) {
                try AccessPolicy(environment: ["HYPERCUBE_OPERATOR_TOKEN": "short"])
            }
            #expect(throws: ConfigurationError.self) {
                try AccessPolicy(environment: ["HYPERCUBE_JWT_SECRET": "short"])
            }
            #expect(throws: ConfigurationError.self) {
                try AccessPolicy(environment: ["HYPERCUBE_VIEWER_AUTH": "maybe"])
            }
            #expect(throws: ConfigurationError.self) {
                try AccessPolicy(environment: [
                    "HYPERCUBE_OPERATOR_TOKEN_FILE": directory.appendingPathComponent("missing").path
                ])
            }
        }
    }

    @Test func tokenBucketAllowsABurstThenTheRate() {
        var limiter = TokenBucketLimiter(rate: 10, burst: 20)
        for _ in 0..<20 { #expect(limiter.take("a", now: 0) == nil) }
        let wait = limiter.take("a", now: 0)
        #expect(wait != nil && abs(wait! - 0.1) < 1e-9)
        #expect(limiter.take("b", now: 0) == nil)
        #expect(limiter.take("a", now: 0.1) == nil)
        #expect(limiter.take("a", now: 0.1) != nil)
        #expect(limiter.take("a", now: 100) == nil)
    }
}
