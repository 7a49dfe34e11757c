import Foundation
import HTTPTypes
import Hummingbird
import HyperMedia
import Synchronization

/// The checks routes run before they act: a viewer token when viewing is gated, and for writes an operator
/// token, the per-client rate limit and "not shutting down".
final class AccessControl: Sendable {
    let policy: AccessPolicy
    private let authenticator: BearerAuthenticator
    private let limiter: Mutex<TokenBucketLimiter>
    private let drain: DrainState
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant

    init(policy: AccessPolicy, drain: DrainState) {
        self.policy = policy
        self.authenticator = BearerAuthenticator(policy: policy)
        self.limiter = Mutex(TokenBucketLimiter(rate: policy.writesPerSecond, burst: policy.writeBurst))
        self.drain = drain
        self.started = clock.now
    }

    /// For reads and WHEP offers: nothing when viewing is open, otherwise a viewer or operator token (401 without).
    func requireViewer(_ request: Request) throws(ProblemDetails) {
        _ = try viewerPrincipal(request)
    }

    /// For WHEP: the caller when viewing is gated (401 without a viewer or operator token), nil when it is open.
    func viewerPrincipal(_ request: Request) throws(ProblemDetails) -> Principal? {
        guard policy.viewerAccess == .required else { return nil }
        return try authorize(request, role: .viewer)
    }

    /// For writes: 503 while draining, 401/403 without an operator credential, 429 past the client's rate.
    /// A read only operators may make (it names viewers, whose WHEP resources a viewer token could then end): an
    /// operator token, without the write rate limit.
    func requireOperatorRead(_ request: Request) throws(ProblemDetails) {
        _ = try authorize(request, role: .operator)
    }

    func requireOperator(_ request: Request, context: ControlPlaneRequestContext) throws(ProblemDetails) -> Principal {
        guard !drain.isDraining else {
            throw ProblemDetails(.serviceUnavailable, "the server is shutting down", headers: [.retryAfter: "5"])
        }
        let principal = try authorize(request, role: .operator)
        let key = context.remoteAddress?.ipAddress.map { "address:" + $0 } ?? "subject:" + principal.subject
        let elapsed = clock.now - started
        let now = elapsed.inSeconds
        if let wait = limiter.withLock({ $0.take(key, now: now) }) {
            let seconds = max(1, Int(wait.rounded(.up)))
            throw ProblemDetails(
                .tooManyRequests,
                "write rate limit exceeded (\(policy.writesPerSecond)/s, burst \(policy.writeBurst)); retry in \(seconds) s",
                headers: [.retryAfter: "\(seconds)"]
            )
        }
        return principal
    }

    private func authorize(_ request: Request, role: Role) throws(ProblemDetails) -> Principal {
        let principal: Principal
        do {
            principal = try authenticator.authenticate(request.headers[.authorization])
        } catch {
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
