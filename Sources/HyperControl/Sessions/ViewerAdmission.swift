import Foundation
import HTTPTypes
import Hummingbird
import HyperMedia
import Synchronization

/// The rate limits on WHEP offers: token buckets per client address and per principal, so that a burst of junk
/// offers from one client cannot take a session's slots from everyone else. The cap on a client's viewers still
/// connecting is counted by the media server (`MediaServer.pendingViewerCount(client:)`), which also enforces it
/// when it registers a viewer.
final class ViewerAdmission: Sendable {
    /// Seconds a client over its pending-viewer cap is asked to wait: about how long a real viewer takes to connect.
    static let pendingRetryAfter = 2

    let policy: ViewerAdmissionPolicy
    private let addresses: Mutex<TokenBucketLimiter>
    private let principals: Mutex<TokenBucketLimiter>
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant

    init(policy: ViewerAdmissionPolicy) {
        self.policy = policy
        addresses = Mutex(TokenBucketLimiter(rate: policy.offersPerSecond, burst: policy.offerBurst))
        principals = Mutex(
            TokenBucketLimiter(rate: policy.principalOffersPerSecond, burst: policy.principalOfferBurst))
        started = clock.now
    }

    /// Takes one offer from `client`'s bucket; 429 with Retry-After when it is empty. `now` is seconds since start.
    func takeOffer(client: String, now: Double? = nil) throws(ProblemDetails) {
        guard let wait = addresses.withLock({ $0.take(client, now: now ?? elapsed) }) else { return }
        throw Self.tooMany(
            "offer rate limit for \(client) exceeded (\(policy.offersPerSecond)/s, burst \(policy.offerBurst))",
            wait: wait)
    }

    /// Takes one offer from `principal`'s bucket (viewing gated); 429 with Retry-After when it is empty.
    func takeOffer(principal: Principal, now: Double? = nil) throws(ProblemDetails) {
        guard let wait = principals.withLock({ $0.take(principal.subject, now: now ?? elapsed) }) else { return }
        throw Self.tooMany(
            "offer rate limit for \(principal.subject) exceeded (\(policy.principalOffersPerSecond)/s, burst "
                + "\(policy.principalOfferBurst))",
            wait: wait)
    }

    /// 429 when `client` already has `pending` viewers still connecting, its whole share.
    func checkPending(_ pending: Int, client: String) throws(ProblemDetails) {
        guard pending >= policy.pendingViewersPerClient else { return }
        throw ProblemDetails(
            .tooManyRequests,
            "\(client) has \(pending) viewers that have not connected yet (at most "
                + "\(policy.pendingViewersPerClient)); retry once they connect or time out",
            headers: [.retryAfter: "\(Self.pendingRetryAfter)"])
    }

    private var elapsed: Double {
        (clock.now - started).inSeconds
    }

    private static func tooMany(_ reason: String, wait: Double) -> ProblemDetails {
        let seconds = max(1, Int(wait.rounded(.up)))
        return ProblemDetails(
            .tooManyRequests, "\(reason); retry in \(seconds) s", headers: [.retryAfter: "\(seconds)"])
    }
}
