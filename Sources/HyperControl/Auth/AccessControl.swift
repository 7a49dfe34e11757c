import Foundation
import HTTPTypes
import Hummingbird
import HyperMedia
import Synchronization

/// The checks routes run before they act: a viewer token when viewing is gated, and for writes an operator
/// token, the per-principal rate limit and "not shutting down". A client address that keeps failing authentication
/// is answered 429 instead of 401 once past its own small rate, so tokens cannot be guessed at line speed.
final class AccessControl: Sendable {
    let policy: AccessPolicy
    private let authenticator: BearerAuthenticator
    private let limiter: Mutex<TokenBucketLimiter>
    private let failures: Mutex<TokenBucketLimiter>
    private let drain: DrainState
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant

    init(policy: AccessPolicy, drain: DrainState) {
        self.policy = policy
        self.authenticator = BearerAuthenticator(policy: policy)
        self.limiter = Mutex(TokenBucketLimiter(rate: policy.writesPerSecond, burst: policy.writeBurst))
        self.failures = Mutex(
            TokenBucketLimiter(rate: policy.failedAuthenticationsPerSecond, burst: policy.failedAuthenticationBurst))
        self.drain = drain
        self.started = clock.now
    }

    /// The key limits are held to for a request's client: its address (an IPv6 /64), read through a trusted
    /// proxy's `X-Forwarded-For`.
    func client(_ request: Request, context: ControlPlaneRequestContext) -> String? {
        let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!]
        return ClientAddress.key(of: policy.trustedProxies.client(peer: context.remoteAddress, forwardedFor: forwarded))
    }

    /// For reads and WHEP offers: nothing when viewing is open, otherwise a viewer or operator token (401 without).
    func requireViewer(_ request: Request, context: ControlPlaneRequestContext) throws(ProblemDetails) {
        _ = try viewerPrincipal(request, context: context)
    }

    /// For WHEP: the caller when viewing is gated (401 without a viewer or operator token), nil when it is open.
    func viewerPrincipal(_ request: Request, context: ControlPlaneRequestContext) throws(ProblemDetails) -> Principal? {
        guard policy.viewerAccess == .required else { return nil }
        return try authorize(request, context: context, role: .viewer)
    }

    /// For writes: 503 while draining, 401/403 without an operator credential, 429 past the client's rate.
    /// A read only operators may make (it names viewers, whose WHEP resources a viewer token could then end): an
    /// operator token, without the write rate limit.
    func requireOperatorRead(_ request: Request, context: ControlPlaneRequestContext) throws(ProblemDetails) {
        _ = try authorize(request, context: context, role: .operator)
    }

    func requireOperator(_ request: Request, context: ControlPlaneRequestContext) throws(ProblemDetails) -> Principal {
        guard !drain.isDraining else {
            throw ProblemDetails(.serviceUnavailable, "the server is shutting down", headers: [.retryAfter: "5"])
        }
        let principal = try authorize(request, context: context, role: .operator)
        // Keyed on who writes, wherever from: a proxy in front cannot make operators share one bucket.
        if let wait = limiter.withLock({ $0.take("subject:" + principal.subject, now: now) }) {
            let seconds = max(1, Int(wait.rounded(.up)))
            throw ProblemDetails(
                .tooManyRequests,
                "write rate limit exceeded (\(policy.writesPerSecond)/s, burst \(policy.writeBurst)); retry in \(seconds) s",
                headers: [.retryAfter: "\(seconds)"]
            )
        }
        return principal
    }

    private var now: Double {
        (clock.now - started).inSeconds
    }

    private func authorize(
        _ request: Request, context: ControlPlaneRequestContext, role: Role
    ) throws(ProblemDetails) -> Principal {
        let principal: Principal
        do {
            principal = try authenticator.authenticate(request.headers[.authorization])
        } catch {
            if let client = client(request, context: context),
                let wait = failures.withLock({ $0.take(client, now: now) })
            {
                let seconds = max(1, Int(wait.rounded(.up)))
                throw ProblemDetails(
                    .tooManyRequests,
                    "too many failed authentications from \(client); retry in \(seconds) s",
                    headers: [.retryAfter: "\(seconds)"])
            }
            throw error.problem
        }
        guard principal.role.allows(role) else {
            throw AuthFailure(
                .insufficientRole,
                "this request needs the \(role.rawValue) role; the token has \(principal.role.rawValue)"
            ).problem
        }
        return principal
    }
}
