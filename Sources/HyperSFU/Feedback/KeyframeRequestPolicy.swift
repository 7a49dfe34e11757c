import HyperRTC

/// When viewers' keyframe requests (PLI, FIR) make a session's encoder produce a keyframe, which every viewer then
/// pays for: a viewer is heard at most once per `viewerInterval`, the session produces at most one requested keyframe
/// per `sessionInterval` (a request heard in between is owed one when it ends), requests for another SSRC are
/// ignored, and a viewer that joins gets its keyframe at once. One viewer's PLI flood so costs the session one
/// keyframe every `viewerInterval`, and all of them together one every `sessionInterval`.
struct KeyframeRequestPolicy {
    /// What became of one request.
    enum Decision: Equatable {
        /// Produce a keyframe now.
        case keyframe
        /// Heard, and owed a keyframe when the session's quiet interval ends (`keyframeDue(now:)`).
        case owed
        /// Not heard: this viewer was heard less than `viewerInterval` ago.
        case tooSoon
        /// Not heard: the request names another SSRC than the session's video.
        case unknownSSRC
    }

    /// Seconds between two requests heard from one viewer. Lost packets are repaired by NACK; a viewer asks for a
    /// keyframe when its decoder is stuck, and one answer per two seconds is enough to unstick it.
    static let viewerInterval = 2.0
    /// Seconds between two keyframes that requests produce, whoever asks (today's 250 ms let one viewer force four
    /// keyframes a second on everyone).
    static let sessionInterval = 1.0

    let mediaSSRC: UInt32
    private var session = KeyframeRequestDebouncer(interval: Self.sessionInterval)
    private var lastHeard: [String: Double] = [:]

    init(mediaSSRC: UInt32) {
        self.mediaSSRC = mediaSSRC
    }

    /// A PLI for `mediaSSRC`, or a FIR with an entry for it, from viewer `viewerID` at `now`.
    mutating func request(from viewerID: String, mediaSSRC: UInt32, now: Double) -> Decision {
        guard mediaSSRC == self.mediaSSRC else { return .unknownSSRC }
        if let heard = lastHeard[viewerID], now - heard < Self.viewerInterval { return .tooSoon }
        lastHeard[viewerID] = now
        return session.request(now: now) ? .keyframe : .owed
    }

    /// A viewer joined (its DTLS handshake completed) at `now`: it needs a keyframe at once, and requests owed one are
    /// answered by the same keyframe.
    mutating func viewerJoined(now: Double) {
        session.keyframeProduced(now: now)
    }

    /// True when a keyframe is owed to a request and due at `now`: produce it.
    mutating func keyframeDue(now: Double) -> Bool {
        session.pendingKeyframeDue(now: now)
    }

    /// Drops what is remembered of a viewer that left.
    mutating func forget(viewerID: String) {
        lastHeard[viewerID] = nil
    }
}
