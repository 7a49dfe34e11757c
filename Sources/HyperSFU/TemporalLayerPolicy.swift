/// Decides, for one viewer, whether it gets every temporal layer of the stream or only the base layer, from its
/// bandwidth estimate and the stream's measured rates.
///
/// - Drop to the base layer when the estimate falls below 85 % of the whole stream.
/// - Raise again when the estimate has, for the raise delay, either had clear room (115 % of the whole stream) or
///   sat at what a receiver estimates when nothing limits it (140 % of the base layer it gets: receive-side
///   estimators such as Chromium's REMB never rise far above what arrives, so without this the viewer would stay on
///   the base layer forever). The latter is a probe: if the viewer drops again within `probeWindow` seconds, the
///   raise delay doubles (up to `maximumRaiseDelay`); after `stableWindow` seconds on every layer it resets.
struct TemporalLayerPolicy {
    static let dropRatio = 0.85
    static let roomRatio = 1.15
    static let saturatedBaseRatio = 1.4
    static let initialRaiseDelay = 2.0
    static let maximumRaiseDelay = 32.0
    static let probeWindow = 10.0
    static let stableWindow = 30.0

    enum Change: Equatable {
        case heldToBase
        case raised
    }

    /// Whether the viewer gets the base layer only.
    private(set) var heldToBase = false
    private(set) var raiseDelay = initialRaiseDelay
    private var raisableSince: Double?
    private var raisedAt: Double?

    /// The highest temporal layer to send.
    var maximumLayer: Int { heldToBase ? 0 : .max }

    mutating func update(estimate: Double, streamRate: Double, baseRate: Double, now: Double) -> Change? {
        guard streamRate > 0 else { return nil }
        if !heldToBase {
            if let raised = raisedAt, now - raised >= Self.stableWindow {
                raiseDelay = Self.initialRaiseDelay
                raisedAt = nil
            }
            guard estimate < Self.dropRatio * streamRate else { return nil }
            if let raised = raisedAt, now - raised < Self.probeWindow {
                raiseDelay = min(raiseDelay * 2, Self.maximumRaiseDelay)
            }
            heldToBase = true
            raisableSince = nil
            return .heldToBase
        }
        let room = estimate >= Self.roomRatio * streamRate
        let saturated = baseRate > 0 && estimate >= Self.saturatedBaseRatio * baseRate
        guard room || saturated else {
            raisableSince = nil
            return nil
        }
        guard let since = raisableSince else {
            raisableSince = now
            return nil
        }
        guard now - since >= raiseDelay else { return nil }
        heldToBase = false
        raisedAt = now
        return .raised
    }
}
