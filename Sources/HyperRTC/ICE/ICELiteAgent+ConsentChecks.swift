extension ICELiteAgent {
    /// Timers: retransmits an unanswered check (RFC 8489 §6.2.1), gives up on an address that never answers, and sends
    /// the selected address its periodic consent check. Call it every 100 ms or so.
    public mutating func handleTimeout(now: Double) -> [Action] {
        if var check {
            if now >= check.givenUpAt {
                self.check = nil
                if check.purpose == .nomination, nominatedAddress == check.address { nominatedAddress = nil }
                return [.rejected(reason: "\(check.address) did not answer our Binding request")]
            }
            guard now >= check.retransmissionDue, check.transmissions < Self.checkTransmissions else { return [] }
            if check.purpose == .nomination {
                guard withinAmplificationLimit() else { return [] }
                unverifiedBytesSent += check.request.count
            }
            check.transmissions += 1
            check.lastSentAt = now
            self.check = check
            return [.send(check.request, to: check.address)]
        }
        guard let selectedAddress, let due = nextConsentCheck, now >= due else { return [] }
        nextConsentCheck = now + Self.consentCheckInterval
        return sendCheck(to: selectedAddress, purpose: .freshness, now: now)
    }

    /// Counts a datagram of another protocol (a DTLS ClientHello) from the nominated address towards what that
    /// address sent us: a peer already running DTLS there may have lost our check or its answer, and its bytes pay
    /// for our retransmissions as its STUN would.
    public mutating func receivedOther(byteCount: Int, from address: RTCAddress) {
        guard address == nominatedAddress else { return }
        unverifiedBytesReceived += byteCount
    }

    /// The transaction ID of a Binding success or error response, found without decoding the rest, to tell which
    /// viewer's check it answers.
    public static func transactionID(ofResponse bytes: [UInt8]) -> [UInt8]? {
        guard STUNMessage.looksLikeSTUN(bytes),
            STUNMethod.method(fromType: STUNWireFormat.uint16(bytes, at: 0)) == STUNMessage.bindingMethod
        else { return nil }
        switch STUNClass(typeBits: STUNWireFormat.uint16(bytes, at: 0)) {
        case .successResponse, .errorResponse: return Array(bytes[8..<20])
        case .request, .indication: return nil
        }
    }

    /// Our Binding request to `address`, as the controlled agent sends it (RFC 8445 §7.2.2): the viewer's ufrag first,
    /// signed with the viewer's password. To an unverified address only within the anti-amplification limit.
    mutating func sendCheck(to address: RTCAddress, purpose: ConsentCheck.Purpose, now: Double) -> [Action] {
        if purpose == .nomination {
            guard withinAmplificationLimit() else { return [] }
        }
        let transactionID = STUNMessage.randomTransactionID()
        let request = STUNMessage(
            messageClass: .request, method: STUNMessage.bindingMethod, transactionID: transactionID,
            attributes: [
                .username("\(remote.ufrag):\(local.ufrag)"), .priority(Self.checkPriority), .iceControlled(tieBreaker),
            ]
        ).encoded(integrityKey: remote.integrityKey, fingerprint: true)
        if purpose == .nomination { unverifiedBytesSent += request.count }
        check = ConsentCheck(
            address: address, purpose: purpose, transactionID: transactionID, request: request, now: now)
        return [.send(request, to: address)]
    }

    /// Whether one more check to an unverified address keeps the bytes such addresses were sent within what they
    /// sent us, plus that one check: a forged source address costs its forger more than it costs its victim.
    func withinAmplificationLimit() -> Bool {
        unverifiedBytesSent <= unverifiedBytesReceived
    }

    /// A response to our outstanding check: a success signed with the viewer's password, from the address the check
    /// went to, selects a nominated address or refreshes the selected one's consent.
    mutating func receiveResponse(_ bytes: [UInt8], from address: RTCAddress, now: Double) -> [Action] {
        guard let check, Array(bytes[8..<20]) == check.transactionID else { return [] }
        guard address == check.address else {
            return [.rejected(reason: "the answer to our check of \(check.address) came from \(address)")]
        }
        guard STUNClass(typeBits: STUNWireFormat.uint16(bytes, at: 0)) == .successResponse else {
            return [.rejected(reason: "\(address) answered our check with an error")]
        }
        guard STUNMessage.verifyFingerprint(bytes), STUNMessage.verifyIntegrity(bytes, key: remote.integrityKey) else {
            return [
                .rejected(reason: "the answer to our check from \(address) does not verify with the viewer's password")
            ]
        }
        self.check = nil
        switch check.purpose {
        case .freshness:
            if address == selectedAddress { lastConsent = now }
            return []
        case .nomination:
            guard nominatedAddress == address else { return [] }
            nominatedAddress = nil
            selectedAddress = address
            lastConsent = now
            // The viewer proved an address: what was exchanged on the way no longer limits a later move.
            unverifiedBytesReceived = 0
            unverifiedBytesSent = 0
            nextConsentCheck = now + Self.consentCheckInterval
            return [.selected(address)]
        }
    }
}
