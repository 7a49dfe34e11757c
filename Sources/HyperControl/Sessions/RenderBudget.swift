import HTTPTypes
import HyperSFU
import Synchronization

/// The GPU budget (width × height × fps summed over everything rendered) shared by session creation and XR viewers,
/// each of which renders a stream of its own: what is running is counted from the media server, what is being
/// started is reserved here until it runs, so that two requests at once cannot both take the last of it.
final class RenderBudget: Sendable {
    private let media: any MediaService
    private let budget: Mutex<PixelRateBudget>

    init(media: any MediaService, limit: Int) {
        self.media = media
        self.budget = Mutex(PixelRateBudget(limit: limit))
    }

    /// Runs `start` with `rate` reserved under `id`, or throws 503 with the reason when it does not fit.
    func withReservation<Value>(
        _ rate: Int, for id: String, what: String, _ start: () async throws -> Value
    ) async throws -> Value {
        let inUse = media.renderedPixelRate
        if let refusal = budget.withLock({ $0.reserve(rate, for: id, inUse: inUse, what: what) }) {
            throw ProblemDetails(.serviceUnavailable, refusal, headers: [.retryAfter: "30"])
        }
        defer { budget.withLock { $0.release(id) } }
        return try await start()
    }
}
