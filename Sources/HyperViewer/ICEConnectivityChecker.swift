import HyperRTC

/// The controlling, full-ICE side of a load viewer's one candidate pair against an ICE-lite server: Binding requests
/// with USE-CANDIDATE (regular nomination), retransmitted until answered, then repeated as consent checks
/// (RFC 7675); it answers the server's own consent checks, without which the server sends no media. Time goes in,
/// requests to send come out.
struct ICEConnectivityChecker {
    /// Seconds between retransmissions of an unanswered first check.
    static let retransmissionInterval = 0.2
    /// The PRIORITY a peer-reflexive candidate of ours would get (RFC 8445 §5.1.2.1, type preference 110).
    static let peerReflexivePriority: UInt32 = (110 << 24) | (65535 << 8) | 255

    enum Outcome: Equatable {
        /// Not an answer to a check of ours, or not authentic.
        case ignored
        /// A success response; `first` is true for the one that completes ICE.
        case answered(first: Bool)
        /// An error response with its code.
        case refused(code: Int)
    }

    let local: ICECredentials
    let remote: ICECredentials
    let consentInterval: Double
    private let tieBreaker = UInt64.random(in: .min ... .max)
    private(set) var succeeded = false
    private var outstanding: [UInt8]?
    private var lastSentAt: Double?

    init(local: ICECredentials, remote: ICECredentials, consentInterval: Double) {
        self.local = local
        self.remote = remote
        self.consentInterval = consentInterval
    }

    /// The Binding request due at `now`, if one is: the first check and its retransmissions, then consent checks.
    mutating func requestDue(now: Double) -> [UInt8]? {
        if let lastSentAt {
            let interval = succeeded ? consentInterval : Self.retransmissionInterval
            guard now - lastSentAt >= interval else { return nil }
        }
        lastSentAt = now
        if outstanding == nil || succeeded {
            outstanding = STUNMessage.randomTransactionID()
        }
        let request = STUNMessage(
            messageClass: .request,
            method: STUNMessage.bindingMethod,
            transactionID: outstanding ?? [],
            attributes: [
                .username("\(remote.ufrag):\(local.ufrag)"),
                .priority(Self.peerReflexivePriority),
                .iceControlling(tieBreaker),
                .useCandidate,
            ]
        )
        return request.encoded(integrityKey: Array(remote.password.utf8), fingerprint: true)
    }

    /// The success response to a Binding request from the server, its consent check (RFC 7675), when it names us and
    /// is signed with our password; nil for anything else.
    func answer(_ bytes: [UInt8], from server: RTCAddress) -> [UInt8]? {
        let key = Array(local.password.utf8)
        guard let request = try? STUNMessage(parsing: bytes), request.messageClass == .request,
            request.method == STUNMessage.bindingMethod, request.username == "\(local.ufrag):\(remote.ufrag)",
            STUNMessage.verifyIntegrity(bytes, key: key)
        else { return nil }
        return STUNMessage(
            messageClass: .successResponse, method: STUNMessage.bindingMethod, transactionID: request.transactionID,
            attributes: [.xorMappedAddress(server)]
        ).encoded(integrityKey: key, fingerprint: true)
    }

    /// Matches a STUN datagram from the server against the outstanding check; a success must carry the server's
    /// MESSAGE-INTEGRITY, an error response may not (a 401 cannot be signed).
    mutating func receive(_ bytes: [UInt8]) -> Outcome {
        guard let message = try? STUNMessage(parsing: bytes), message.method == STUNMessage.bindingMethod,
            message.transactionID == outstanding
        else { return .ignored }
        switch message.messageClass {
        case .successResponse:
            guard STUNMessage.verifyIntegrity(bytes, key: Array(remote.password.utf8)) else { return .ignored }
            let first = !succeeded
            succeeded = true
            return .answered(first: first)
        case .errorResponse:
            for case .errorCode(let code, _) in message.attributes {
                return .refused(code: code)
            }
            return .refused(code: 0)
        case .request, .indication:
            return .ignored
        }
    }
}
