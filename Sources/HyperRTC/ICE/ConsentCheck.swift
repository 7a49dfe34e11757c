/// One Binding request of ours awaiting its answer (RFC 7675): to an address the viewer nominated, which must answer
/// before media goes there, or to the selected address, to keep its consent fresh.
struct ConsentCheck: Sendable {
    enum Purpose: Sendable {
        case nomination
        case freshness
    }

    let address: RTCAddress
    let purpose: Purpose
    let transactionID: [UInt8]
    /// The request as sent, for retransmissions (the same transaction ID each time).
    let request: [UInt8]
    let firstSentAt: Double
    var lastSentAt: Double
    var transmissions = 1

    init(address: RTCAddress, purpose: Purpose, transactionID: [UInt8], request: [UInt8], now: Double) {
        self.address = address
        self.purpose = purpose
        self.transactionID = transactionID
        self.request = request
        self.firstSentAt = now
        self.lastSentAt = now
    }

    /// When the next retransmission is due.
    var retransmissionDue: Double {
        lastSentAt + ICELiteAgent.checkRetransmissionInterval * Double(1 << (transmissions - 1))
    }

    /// When the check is given up: the last transmission has waited as long as a next one would have.
    var givenUpAt: Double {
        firstSentAt + ICELiteAgent.checkRetransmissionInterval * Double((1 << ICELiteAgent.checkTransmissions) - 1)
    }
}
