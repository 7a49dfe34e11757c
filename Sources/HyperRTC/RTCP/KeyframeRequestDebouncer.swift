/// Turns any number of PLI/FIR requests into at most one keyframe per interval, without starving a request that
/// arrives during the quiet interval: that one is owed a keyframe when the interval ends.
public struct KeyframeRequestDebouncer: Sendable {
    /// Seconds between keyframes.
    public let interval: Double
    private var lastKeyframe: Double?
    private var pending = false

    public init(interval: Double = 0.25) {
        precondition(interval >= 0, "keyframe interval must not be negative, not \(interval)")
        self.interval = interval
    }

    /// When the owed keyframe is due, so the caller can schedule `pendingKeyframeDue(now:)`; nil when none is owed.
    public var pendingKeyframeDeadline: Double? {
        guard pending, let lastKeyframe else { return nil }
        return lastKeyframe + interval
    }

    /// Registers a request at `now`: true means produce a keyframe now; false means one was produced within the
    /// interval and the request is remembered.
    public mutating func request(now: Double) -> Bool {
        if let lastKeyframe, now - lastKeyframe < interval {
            pending = true
            return false
        }
        lastKeyframe = now
        pending = false
        return true
    }

    /// Records a keyframe produced at `now` for another reason (a viewer joined): it answers any owed request and
    /// starts a quiet interval.
    public mutating func keyframeProduced(now: Double) {
        lastKeyframe = now
        pending = false
    }

    /// True when a request arrived during the quiet interval and the interval is over: produce a keyframe now.
    public mutating func pendingKeyframeDue(now: Double) -> Bool {
        guard let deadline = pendingKeyframeDeadline, now >= deadline else { return false }
        lastKeyframe = now
        pending = false
        return true
    }
}
