import HyperRTC
import Testing

/// The ICE-lite agent against Binding requests as a browser sends them.
@Suite struct ICELiteAgentTests {
    let server = ICECredentials(ufrag: "srvA", password: "s3rverPassw0rdForTests+/")
    let viewer = ICECredentials(ufrag: "v1ew", password: "viewerPasswordForTests12")
    let first = RTCAddress(host: "192.0.2.10", port: 50_000)
    let second = RTCAddress(host: "2001:db8::7", port: 50_002)

    var agent: ICELiteAgent { ICELiteAgent(local: server, remote: viewer) }

    func request(
        username: String? = nil, password: String? = nil, useCandidate: Bool = false, controlling: Bool = true,
        controlled: Bool = false, extra: [STUNAttribute] = [], fingerprint: Bool = true,
        transactionID: [UInt8] = STUNMessage.randomTransactionID()
    ) -> [UInt8] {
        var attributes: [STUNAttribute] = [
            .username(username ?? "\(server.ufrag):\(viewer.ufrag)"), .priority(1_853_824_767),
        ]
        if controlling { attributes.append(.iceControlling(0x1234_5678_9ABC_DEF0)) }
        if controlled { attributes.append(.iceControlled(0x0FED_CBA9_8765_4321)) }
        if useCandidate { attributes.append(.useCandidate) }
        attributes += extra
        return STUNMessage(
            messageClass: .request, method: STUNMessage.bindingMethod, transactionID: transactionID,
            attributes: attributes
        ).encoded(integrityKey: Array((password ?? server.password).utf8), fingerprint: fingerprint)
    }

    /// The one STUN response the actions send, parsed, after checking it goes back to `address`.
    func response(
        in actions: [ICELiteAgent.Action], to address: RTCAddress, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (bytes: [UInt8], message: STUNMessage) {
        let sent = actions.compactMap { action -> ([UInt8], RTCAddress)? in
            guard case .send(let bytes, let to) = action, ICELiteAgent.transactionID(ofResponse: bytes) != nil else {
                return nil
            }
            return (bytes, to)
        }
        try #require(sent.count == 1, sourceLocation: sourceLocation)
        #expect(sent[0].1 == address, sourceLocation: sourceLocation)
        #expect(STUNMessage.verifyFingerprint(sent[0].0), sourceLocation: sourceLocation)
        return (sent[0].0, try STUNMessage(parsing: sent[0].0))
    }

    /// Answers the consent check in `actions` as the viewer would, from `address`.
    func answer(_ actions: [ICELiteAgent.Action], from address: RTCAddress, to agent: inout ICELiteAgent, now: Double)
        -> [ICELiteAgent.Action]
    {
        for case .send(let bytes, _) in actions {
            guard let check = try? STUNMessage(parsing: bytes), check.messageClass == .request else { continue }
            let success = STUNMessage(
                messageClass: .successResponse, method: STUNMessage.bindingMethod, transactionID: check.transactionID,
                attributes: [.xorMappedAddress(address)]
            ).encoded(integrityKey: Array(viewer.password.utf8), fingerprint: true)
            return agent.receive(success, from: address, now: now)
        }
        return []
    }

    /// Sends a nominating request from `address` and answers the check it brings, as a real viewer does.
    func select(_ address: RTCAddress, on agent: inout ICELiteAgent, now: Double) -> [ICELiteAgent.Action] {
        let actions = agent.receive(request(useCandidate: true), from: address, now: now)
        return actions + answer(actions, from: address, to: &agent, now: now)
    }

    func errorCode(_ message: STUNMessage) -> Int? {
        for case .errorCode(let code, _) in message.attributes { return code }
        return nil
    }

    @Test func validRequestGetsAnAuthenticatedSuccessWithTheMappedAddress() throws {
        var agent = agent
        let transactionID = STUNMessage.randomTransactionID()
        let actions = agent.receive(request(transactionID: transactionID), from: first, now: 1)
        let (bytes, message) = try response(in: actions, to: first)
        #expect(message.messageClass == .successResponse)
        #expect(message.method == STUNMessage.bindingMethod)
        #expect(message.transactionID == transactionID)
        #expect(message.attributes.first == .xorMappedAddress(first))
        #expect(STUNMessage.verifyIntegrity(bytes, key: Array(server.password.utf8)))
        #expect(!STUNMessage.verifyIntegrity(bytes, key: Array(viewer.password.utf8)))
    }

    @Test func firstValidRequestNominatesAndSelectsOnceOurCheckIsAnswered() {
        var agent = agent
        let actions = agent.receive(request(), from: first, now: 1)
        #expect(!actions.contains(.selected(first)))
        #expect(agent.nominatedAddress == first)
        #expect(agent.selectedAddress == nil)
        #expect(answer(actions, from: first, to: &agent, now: 1.01) == [.selected(first)])
        #expect(agent.selectedAddress == first)
        #expect(agent.nominatedAddress == nil)
        #expect(agent.lastConsent == 1.01)
        #expect(!agent.receive(request(), from: first, now: 2).contains(.selected(first)))
    }

    @Test func useCandidateNominatesAndRenominates() throws {
        var agent = agent
        _ = select(first, on: &agent, now: 1)
        let unnominated = agent.receive(request(), from: second, now: 2)
        #expect(try response(in: unnominated, to: second).message.attributes.first == .xorMappedAddress(second))
        #expect(unnominated.count == 1, "a request that does not nominate gets its response only")
        #expect(agent.selectedAddress == first)
        #expect(agent.lastConsent == 1)

        let nominated = select(second, on: &agent, now: 3)
        #expect(nominated.filter { if case .selected = $0 { true } else { false } } == [.selected(second)])
        #expect(agent.selectedAddress == second)
        #expect(agent.lastConsent == 3)
        #expect(!agent.receive(request(useCandidate: true), from: second, now: 4).contains(.selected(second)))
        #expect(select(first, on: &agent, now: 5).contains(.selected(first)))
    }

    @Test func wrongPasswordIsRefusedWith401AndNeverSelects() throws {
        var agent = agent
        let actions = agent.receive(request(password: viewer.password, useCandidate: true), from: first, now: 1)
        let (bytes, message) = try response(in: actions, to: first)
        #expect(message.messageClass == .errorResponse)
        #expect(errorCode(message) == 401)
        #expect(!message.attributes.contains { if case .messageIntegrity = $0 { true } else { false } })
        #expect(!STUNMessage.verifyIntegrity(bytes, key: Array(server.password.utf8)))
        #expect(actions.contains { if case .rejected = $0 { true } else { false } })
        #expect(agent.selectedAddress == nil)
        #expect(agent.lastConsent == nil)
    }

    @Test(arguments: ["srvA:other", "other:v1ew", "srvA", ""])
    func wrongUsernameIsRefusedWith401(username: String) throws {
        var agent = agent
        let actions = agent.receive(request(username: username, useCandidate: true), from: first, now: 1)
        #expect(errorCode(try response(in: actions, to: first).message) == 401)
        #expect(agent.selectedAddress == nil)
    }

    @Test func iceControlledIsARoleConflict() throws {
        var agent = agent
        let actions = agent.receive(
            request(useCandidate: true, controlling: false, controlled: true), from: first, now: 1)
        let (bytes, message) = try response(in: actions, to: first)
        #expect(errorCode(message) == 487)
        #expect(STUNMessage.verifyIntegrity(bytes, key: Array(server.password.utf8)))
        #expect(agent.selectedAddress == nil)
    }

    @Test func requestWithoutARoleIsBad() throws {
        var agent = agent
        let actions = agent.receive(request(controlling: false), from: first, now: 1)
        #expect(errorCode(try response(in: actions, to: first).message) == 400)
        #expect(agent.selectedAddress == nil)
    }

    @Test func unknownComprehensionRequiredAttributeGets420() throws {
        var agent = agent
        let actions = agent.receive(
            request(extra: [.unknown(type: 0x0030, value: [1, 2, 3, 4]), .unknown(type: 0xC057, value: [0, 0, 0, 1])]),
            from: first, now: 1)
        let message = try response(in: actions, to: first).message
        #expect(errorCode(message) == 420)
        #expect(message.attributes.contains(.unknown(type: 0x000A, value: [0x00, 0x30])))
        #expect(agent.selectedAddress == nil)
    }

    @Test func comprehensionOptionalAttributesAreIgnored() {
        var agent = agent
        _ = agent.receive(request(extra: [.unknown(type: 0xC057, value: [0, 0, 0, 1])]), from: first, now: 1)
        #expect(agent.nominatedAddress == first)
    }

    @Test func missingFingerprintIs400AndBadFingerprintIsDropped() throws {
        var agent = agent
        let unfingerprinted = agent.receive(request(fingerprint: false), from: first, now: 1)
        #expect(errorCode(try response(in: unfingerprinted, to: first).message) == 400)
        var corrupted = request()
        corrupted[corrupted.count - 1] ^= 0xFF
        let dropped = agent.receive(corrupted, from: first, now: 1)
        #expect(dropped.count == 1)
        #expect(dropped.allSatisfy { if case .rejected = $0 { true } else { false } })
        #expect(agent.selectedAddress == nil)
    }

    @Test func malformedBindingRequestIs400() throws {
        var agent = agent
        var bytes = request()
        bytes[22] = 0xFF
        let actions = agent.receive(bytes, from: first, now: 1)
        let message = try response(in: actions, to: first).message
        #expect(errorCode(message) == 400)
        #expect(message.transactionID == Array(bytes[8..<20]))
    }

    @Test func responsesIndicationsAndOtherProtocolsAreIgnored() {
        var agent = agent
        for messageClass in [STUNClass.indication, .successResponse, .errorResponse] {
            let bytes = STUNMessage(
                messageClass: messageClass, method: STUNMessage.bindingMethod,
                transactionID: STUNMessage.randomTransactionID(), attributes: []
            ).encoded(integrityKey: nil, fingerprint: true)
            #expect(agent.receive(bytes, from: first, now: 1).isEmpty)
        }
        let allocate = STUNMessage(
            messageClass: .request, method: 0x003, transactionID: STUNMessage.randomTransactionID(), attributes: [])
        #expect(agent.receive(allocate.encoded(integrityKey: nil, fingerprint: true), from: first, now: 1).isEmpty)
        #expect(agent.receive([22, 254, 253] + [UInt8](repeating: 0, count: 40), from: first, now: 1).isEmpty)
        #expect(agent.selectedAddress == nil)
    }

    @Test func consentExpiresAfterThirtySecondsWithoutRequestsAndRenews() {
        var agent = agent
        #expect(!agent.consentExpired(now: 1000))
        _ = select(first, on: &agent, now: 10)
        #expect(!agent.consentExpired(now: 39.9))
        #expect(agent.consentExpired(now: 40))
        _ = agent.receive(request(), from: first, now: 35)
        #expect(!agent.consentExpired(now: 64.9))
        #expect(agent.consentExpired(now: 65))
        _ = agent.receive(request(), from: second, now: 60)
        #expect(agent.consentExpired(now: 65))
        _ = agent.receive(request(password: "wrong"), from: first, now: 61)
        #expect(agent.consentExpired(now: 65))
        _ = agent.receive(request(), from: first, now: 62)
        #expect(!agent.consentExpired(now: 65))
    }

    @Test func localUfragIsFoundWithoutFullParsing() {
        #expect(ICELiteAgent.localUfrag(inRequest: request()) == "srvA")
        #expect(ICELiteAgent.localUfrag(inRequest: RFC5769.request) == "evtj")
        #expect(ICELiteAgent.localUfrag(inRequest: RFC5769.ipv4Response) == nil)
        #expect(ICELiteAgent.localUfrag(inRequest: request(username: "nocolon")) == nil)
        #expect(ICELiteAgent.localUfrag(inRequest: Array(request().prefix(30))) == nil)
    }
}
