import HyperRTC
import Testing

/// RFC 7675 consent before media moves, in virtual time: a nominated address gets nothing but STUN until it answers
/// our own check, never more bytes than it sent us (plus one check), and answered checks keep consent fresh.
@Suite struct ICEConsentCheckTests {
    let base = ICELiteAgentTests()
    let victim = RTCAddress(host: "127.0.0.2", port: 9)

    /// The consent checks (our Binding requests) among `actions`, parsed, with where they go.
    func checks(in actions: [ICELiteAgent.Action]) -> [(message: STUNMessage, bytes: [UInt8], to: RTCAddress)] {
        actions.compactMap { action in
            guard case .send(let bytes, let to) = action, let message = try? STUNMessage(parsing: bytes),
                message.messageClass == .request
            else { return nil }
            return (message, bytes, to)
        }
    }

    func bytesSent(_ actions: [ICELiteAgent.Action], to address: RTCAddress) -> Int {
        actions.reduce(0) { total, action in
            guard case .send(let bytes, let to) = action, to == address else { return total }
            return total + bytes.count
        }
    }

    @Test func ourCheckIsSignedWithTheViewersPasswordAsTheControlledAgent() throws {
        var agent = base.agent
        let sent = checks(in: agent.receive(base.request(useCandidate: true), from: base.first, now: 1))
        try #require(sent.count == 1)
        #expect(sent[0].to == base.first)
        #expect(sent[0].message.username == "\(base.viewer.ufrag):\(base.server.ufrag)")
        #expect(STUNMessage.verifyIntegrity(sent[0].bytes, key: Array(base.viewer.password.utf8)))
        #expect(STUNMessage.verifyFingerprint(sent[0].bytes))
        #expect(sent[0].message.attributes.contains { if case .iceControlled = $0 { true } else { false } })
        #expect(sent[0].message.attributes.contains { if case .priority = $0 { true } else { false } })
        #expect(agent.outstandingCheck == sent[0].message.transactionID)
    }

    @Test func aForgedUseCandidateGetsNothingButSTUNAndDoesNotMoveMedia() throws {
        var agent = base.agent
        _ = base.select(base.first, on: &agent, now: 1)
        let forged = agent.receive(base.request(useCandidate: true), from: victim, now: 2)
        #expect(!forged.contains(.selected(victim)))
        #expect(agent.selectedAddress == base.first, "media stays where it was")
        #expect(agent.nominatedAddress == victim)
        for case .send(let bytes, let to) in forged {
            #expect(to == victim)
            #expect(STUNMessage.looksLikeSTUN(bytes), "only STUN goes to an unverified address")
        }
        #expect(try base.response(in: forged, to: victim).message.messageClass == .successResponse)
        #expect(checks(in: forged).count == 1)
    }

    @Test func theAddressIsAdoptedOnlyAfterTheAnswerToOurCheck() {
        var agent = base.agent
        _ = base.select(base.first, on: &agent, now: 1)
        let nominated = agent.receive(base.request(useCandidate: true), from: base.second, now: 2)
        #expect(agent.selectedAddress == base.first)
        #expect(base.answer(nominated, from: base.second, to: &agent, now: 2.05) == [.selected(base.second)])
        #expect(agent.selectedAddress == base.second)
        #expect(agent.lastConsent == 2.05)
        #expect(agent.outstandingCheck == nil)
    }

    @Test func answersThatDoNotProveTheAddressAreRefused() throws {
        var agent = base.agent
        let nominated = agent.receive(base.request(useCandidate: true), from: base.first, now: 1)
        let check = try #require(checks(in: nominated).first?.message)
        func success(id: [UInt8] = check.transactionID, password: String = base.viewer.password) -> [UInt8] {
            STUNMessage(
                messageClass: .successResponse, method: STUNMessage.bindingMethod, transactionID: id,
                attributes: [.xorMappedAddress(base.first)]
            ).encoded(integrityKey: Array(password.utf8), fingerprint: true)
        }
        #expect(!agent.receive(success(), from: victim, now: 1.01).contains(.selected(victim)))
        #expect(!agent.receive(success(), from: victim, now: 1.01).contains(.selected(base.first)))
        #expect(agent.receive(success(id: STUNMessage.randomTransactionID()), from: base.first, now: 1.01).isEmpty)
        #expect(
            !agent.receive(success(password: base.server.password), from: base.first, now: 1.01).contains {
                if case .selected = $0 { true } else { false }
            })
        let refused = STUNMessage(
            messageClass: .errorResponse, method: STUNMessage.bindingMethod, transactionID: check.transactionID,
            attributes: [.errorCode(code: 401, reason: "Unauthorized")]
        ).encoded(integrityKey: nil, fingerprint: true)
        #expect(!agent.receive(refused, from: base.first, now: 1.01).contains(.selected(base.first)))
        #expect(agent.selectedAddress == nil)
        #expect(agent.receive(success(), from: base.first, now: 1.02) == [.selected(base.first)])
    }

    @Test func anAddressThatNeverAnswersGetsNothingElseAndIsGivenUp() {
        var agent = base.agent
        _ = base.select(base.first, on: &agent, now: 1)
        var toVictim = 0
        var fromVictim = 0
        let request = base.request(useCandidate: true)
        fromVictim += request.count
        toVictim += bytesSent(agent.receive(request, from: victim, now: 2), to: victim)
        var now = 2.0
        while now < 10 {
            now += 0.1
            let actions = agent.handleTimeout(now: now)
            #expect(!actions.contains(.selected(victim)))
            toVictim += bytesSent(actions, to: victim)
        }
        #expect(agent.selectedAddress == base.first)
        #expect(agent.nominatedAddress == nil, "an address that never answers is given up")
        #expect(toVictim <= fromVictim + 100, "\(toVictim) bytes to the victim for the forger's \(fromVictim)")
    }

    @Test func aFloodOfForgedNominationsSendsTheVictimNoMoreThanTheForgerSent() {
        var agent = base.agent
        _ = base.select(base.first, on: &agent, now: 1)
        var toVictim = 0
        var fromForger = 0
        var now = 2.0
        for step in 0..<2000 {
            now += 0.01
            if step % 3 == 0 {
                let request = base.request(useCandidate: true)
                fromForger += request.count
                toVictim += bytesSent(agent.receive(request, from: victim, now: now), to: victim)
            }
            toVictim += bytesSent(agent.handleTimeout(now: now), to: victim)
        }
        let oneCheck = 100
        #expect(toVictim <= fromForger + oneCheck, "\(toVictim) bytes to the victim for the forger's \(fromForger)")
        #expect(agent.selectedAddress == base.first)
    }

    @Test func unansweredChecksAreRetransmittedWhileTheViewerKeepsAsking() {
        var agent = base.agent
        let firstActions = agent.receive(base.request(useCandidate: true), from: base.first, now: 1)
        let id = agent.outstandingCheck
        var sent = checks(in: firstActions).count
        var now = 1.0
        for _ in 0..<10 {
            now += 0.1
            _ = agent.receive(base.request(), from: base.first, now: now)
            sent += checks(in: agent.handleTimeout(now: now)).count
        }
        #expect(sent >= 3, "lost checks are sent again")
        #expect(agent.outstandingCheck == id, "retransmissions keep the transaction ID")
        #expect(!base.answer(firstActions, from: base.first, to: &agent, now: now).isEmpty)
        #expect(agent.selectedAddress == base.first)
    }

    @Test func aLostCheckIsSentAgainWhenTheViewerAlreadyRunsDTLSThere() throws {
        var agent = base.agent
        let first = checks(in: agent.receive(base.request(useCandidate: true), from: base.first, now: 1))
        try #require(first.count == 1)
        #expect(agent.handleTimeout(now: 1.1).isEmpty, "no retransmission beyond what the address sent")
        agent.receivedOther(byteCount: 200, from: victim)
        #expect(agent.handleTimeout(now: 1.15).isEmpty, "bytes from another address do not count")
        agent.receivedOther(byteCount: 200, from: base.first)
        let again = checks(in: agent.handleTimeout(now: 1.2))
        #expect(again.count == 1)
        #expect(again.first?.message.transactionID == first[0].message.transactionID)
        #expect(again.first?.to == base.first)
    }

    @Test func answeredConsentChecksKeepConsentFresh() throws {
        var agent = base.agent
        _ = base.select(base.first, on: &agent, now: 1)
        var now = 1.0
        while now < 100 {
            now += 0.1
            let actions = agent.handleTimeout(now: now)
            for check in checks(in: actions) { #expect(check.to == base.first) }
            _ = base.answer(actions, from: base.first, to: &agent, now: now)
            #expect(!agent.consentExpired(now: now), "consent lapsed at \(now) though every check was answered")
        }
        var silent = base.agent
        _ = base.select(base.first, on: &silent, now: 1)
        now = 1
        while now < 40 {
            now += 0.1
            _ = silent.handleTimeout(now: now)
        }
        #expect(silent.consentExpired(now: now), "unanswered checks and no requests let consent lapse")
    }
}
