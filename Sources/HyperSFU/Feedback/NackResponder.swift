/// Answers one viewer's generic NACKs (RFC 4585 §6.2.1) so that they cannot turn the server into an amplifier: only
/// NACKs for the session's video SSRC from a viewer that negotiated `nack` count, a packet is resent at most once per
/// `resendInterval`, and the bytes resent stay within the viewer's `RetransmissionBudget`. Time goes in, the packets
/// to send again come out; the caller does the sending.
struct NackResponder {
    /// A packet to send again: the track's bytes and what to subtract from their sequence number for this viewer.
    struct Resend: Equatable {
        var packet: [UInt8]
        var sequenceOffset: UInt16
    }

    /// What one NACK came to.
    struct Outcome: Equatable {
        var resends: [Resend] = []
        /// Packets asked for again within `resendInterval` of their last resend.
        var duplicates = 0
        /// Packets the budget had no room for: from the first that did not fit to the end of the NACK.
        var overBudget = 0
        /// Whether the NACK was ignored whole: another media SSRC, or `nack` was not negotiated.
        var ignored = false

        /// Packets the responder refused to resend (not counting those no longer in the buffer before the budget ran
        /// out, nor entries beyond the buffer's size).
        var refused: Int { duplicates + overBudget }
    }

    /// Seconds during which a packet just resent is not resent again: a NACK round trip on most paths, and what a
    /// receiver's repeated NACKs for one loss are spaced by.
    static let resendInterval = 0.1
    /// How many of the track's latest sequence numbers remember their last resend (the retransmission buffer's size).
    static let memory = 2048

    let mediaSSRC: UInt32
    let negotiated: Bool
    private var budget = RetransmissionBudget()
    /// The last resend time of each track sequence number, by the number modulo `memory`; allocated at the first NACK.
    private var lastResent: [(sequenceNumber: UInt16, at: Double)] = []

    /// - Parameters:
    ///   - mediaSSRC: the SSRC of the session's video, the only one NACKs may name.
    ///   - negotiated: whether the viewer's answer carries `a=rtcp-fb:<pt> nack`.
    init(mediaSSRC: UInt32, negotiated: Bool) {
        self.mediaSSRC = mediaSSRC
        self.negotiated = negotiated
    }

    /// Decides which of the packets a NACK names to resend at `now`.
    /// - Parameters:
    ///   - lost: the viewer's sequence numbers, as the NACK lists them.
    ///   - streamBytesPerSecond: the track's measured rate, which the budget refills at half of.
    ///   - keyframeBytes: the size of the track's latest keyframe, the budget's burst.
    ///   - packet: the track's sequence number and bytes behind one of the viewer's numbers; nil when gone.
    mutating func respond(
        mediaSSRC: UInt32, lost: [UInt16], now: Double, streamBytesPerSecond: Double, keyframeBytes: Int,
        packet: (UInt16) -> (sequenceNumber: UInt16, bytes: [UInt8])?
    ) -> Outcome {
        var outcome = Outcome()
        guard negotiated, mediaSSRC == self.mediaSSRC else {
            outcome.ignored = true
            return outcome
        }
        if lastResent.isEmpty {
            lastResent = Array(repeating: (0, -Double.infinity), count: Self.memory)
        }
        // More than the retransmission buffer holds cannot be answered; once the budget is spent, the rest of the NACK
        // is refused without being looked up, so that a flood costs the loop little more than its parsing.
        let considered = lost.prefix(Self.memory)
        for (index, sequenceNumber) in considered.enumerated() {
            guard let (original, bytes) = packet(sequenceNumber) else { continue }
            let slot = Int(original) % Self.memory
            if lastResent[slot].sequenceNumber == original, now - lastResent[slot].at < Self.resendInterval {
                outcome.duplicates += 1
                continue
            }
            guard
                budget.spend(
                    bytes.count, now: now, streamBytesPerSecond: streamBytesPerSecond, keyframeBytes: keyframeBytes)
            else {
                outcome.overBudget += considered.count - index
                break
            }
            lastResent[slot] = (original, now)
            outcome.resends.append(Resend(packet: bytes, sequenceOffset: original &- sequenceNumber))
        }
        return outcome
    }
}
