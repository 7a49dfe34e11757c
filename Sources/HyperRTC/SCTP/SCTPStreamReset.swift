/// Sequence numbers and the one outstanding request of RE-CONFIG stream resets (RFC 6525 §5), which is how
/// WebRTC closes data channels: each side resets its outgoing stream (RFC 8831 §6.7).
struct SCTPStreamReset: Sendable {
    /// Re-configuration Response results (RFC 6525 §4.4).
    enum Result: UInt32 {
        case performed = 1
        case denied = 2
        case badSequenceNumber = 5
        case inProgress = 6
    }

    /// The sequence number the peer's next request must carry, and our answer to the one before it.
    var expectedRequest: UInt32
    var lastResult = Result.performed
    var nextRequest: UInt32
    /// Our request awaiting a response: its sequence number and streams.
    var outstanding: (sequence: UInt32, streams: [UInt16])?
    var outstandingTransmissions = 0
    /// Streams to reset once the outstanding request is answered.
    var queued: [UInt16] = []
    var retransmitAt: Double?

    init(peerInitialTSN: UInt32, localInitialTSN: UInt32) {
        expectedRequest = peerInitialTSN
        nextRequest = localInitialTSN
    }

    static func response(to sequence: UInt32, _ result: Result) -> SCTPParameter {
        var value: [UInt8] = []
        SCTPWire.append(sequence, to: &value)
        SCTPWire.append(result.rawValue, to: &value)
        return SCTPParameter(type: SCTPParameter.reconfigurationResponse, value: value)
    }

    /// An Outgoing SSN Reset Request (RFC 6525 §4.1) for our outstanding request.
    func outgoingRequest(lastTSN: UInt32) -> SCTPParameter? {
        guard let outstanding else { return nil }
        var value: [UInt8] = []
        SCTPWire.append(outstanding.sequence, to: &value)
        SCTPWire.append(expectedRequest &- 1, to: &value)
        SCTPWire.append(lastTSN, to: &value)
        for stream in outstanding.streams {
            SCTPWire.append(stream, to: &value)
        }
        return SCTPParameter(type: SCTPParameter.outgoingResetRequest, value: value)
    }
}
