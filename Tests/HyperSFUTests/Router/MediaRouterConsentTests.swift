import HyperRTC
import NIOCore
import Testing

@testable import HyperSFU

/// The router's side of RFC 7675 in virtual time: media, DTLS and retransmissions go only to an address that answered
/// our own check (also along a seeded random walk), a forged nomination gets nothing but STUN, and viewers that never
/// finish ICE lose their slot early.
@Suite struct MediaRouterConsentTests {
    let good = RouterHarness.address("127.0.0.1", 40_000)
    let moved = RouterHarness.address("127.0.0.1", 40_001)
    let victim = RouterHarness.address("127.0.0.2", 9)

    func isCheck(_ bytes: [UInt8]) -> Bool {
        (try? STUNMessage(parsing: bytes))?.messageClass == .request
    }

    @Test func aViewerConnectsOnceItsAddressAnswersOurCheckAndGetsMediaThere() throws {
        let harness = try RouterHarness()
        harness.connect(from: good, now: 1)
        #expect(harness.viewer.state == .connected)
        #expect(harness.viewer.socketAddress == good)
        #expect(harness.keyframesRequested == 1, "the joining viewer's keyframe is requested at once")
        harness.deliverFrame(now: 1.1)
        let media = harness.sent()
        #expect(!media.isEmpty)
        #expect(media.allSatisfy { $0.to == good && PacketKind.classify($0.bytes) == .rtp })
    }

    @Test func nothingButSTUNGoesToANominatedAddressBeforeItAnswers() throws {
        let harness = try RouterHarness()
        harness.router.receive(harness.bindingRequest(), from: good, now: 1)
        for case .send(let hello) in harness.client.start() { harness.router.receive(hello, from: good, now: 1) }
        let before = harness.sent()
        #expect(before.count == 2, "the response and our check")
        #expect(before.allSatisfy { STUNMessage.looksLikeSTUN($0.bytes) && $0.to == good })
        #expect(harness.viewer.socketAddress == nil)
        let check = try #require(before.first { isCheck($0.bytes) })
        let answer = try #require(harness.answer(check: check.bytes, from: good))
        harness.router.receive(answer, from: good, now: 1.01)
        #expect(harness.viewer.socketAddress == good)
        #expect(
            harness.sent().contains { PacketKind.classify($0.bytes) == .dtls && $0.to == good },
            "the ClientHello that overtook the answer was held, then answered")
    }

    @Test func aForgedUseCandidateGetsNothingButSTUNAndMediaStays() throws {
        let harness = try RouterHarness()
        harness.connect(from: good, now: 1)
        _ = harness.sent()
        let forged = harness.bindingRequest()
        harness.router.receive(forged, from: victim, now: 2)
        harness.router.receive([22, 254, 253] + [UInt8](repeating: 0, count: 40), from: victim, now: 2)
        var toVictim = 0
        for step in 0..<100 {
            let now = 2 + Double(step) * 0.1
            harness.deliverFrame(now: now, keyframe: step == 0)
            harness.router.tick(now: now)
            for (bytes, to) in harness.sent() {
                if to == victim {
                    #expect(STUNMessage.looksLikeSTUN(bytes), "only STUN may go to an unverified address")
                    toVictim += bytes.count
                } else {
                    #expect(to == good)
                }
            }
        }
        #expect(harness.viewer.socketAddress == good)
        #expect(harness.viewer.state == .connected)
        #expect(toVictim <= forged.count + 100, "\(toVictim) bytes to the victim for one \(forged.count)-byte request")
    }

    @Test func aViewerThatMovesIsFollowedOnlyAfterItsNewAddressAnswers() throws {
        let harness = try RouterHarness()
        harness.connect(from: good, now: 1)
        _ = harness.sent()
        harness.router.receive(harness.bindingRequest(), from: moved, now: 2)
        let check = try #require(harness.sent().first { isCheck($0.bytes) && $0.to == moved })
        harness.deliverFrame(now: 2.01)
        #expect(harness.sent().allSatisfy { $0.to == good }, "media stays until the new address answers")
        harness.router.receive(try #require(harness.answer(check: check.bytes, from: moved)), from: moved, now: 2.02)
        #expect(harness.viewer.socketAddress == moved)
        harness.deliverFrame(now: 2.03)
        let media = harness.sent()
        #expect(!media.isEmpty && media.allSatisfy { $0.to == moved })
    }

    @Test func anICERestartCompletesWhenTheAddressAnswersWithTheNewCredentials() throws {
        let harness = try RouterHarness()
        harness.connect(from: good, now: 1)
        _ = harness.sent()
        let newViewer = ICECredentials(ufrag: "vie2", password: "viewerPasswordAfterRestart")
        let restart = try #require(
            harness.router.restartICE(
                viewerID: harness.viewer.id, sessionID: RouterHarness.sessionID, remote: newViewer, now: 2))
        harness.deliverFrame(now: 2.01)
        #expect(harness.sent().allSatisfy { $0.to == good }, "media carries on during the restart")
        let request = harness.bindingRequest(server: restart.local, viewer: newViewer)
        harness.router.receive(request, from: moved, now: 2.1)
        let check = try #require(harness.sent().first { isCheck($0.bytes) && $0.to == moved })
        #expect(harness.viewer.iceRestartedAt != nil)
        let answer = try #require(harness.answer(check: check.bytes, from: moved, viewer: newViewer))
        harness.router.receive(answer, from: moved, now: 2.11)
        #expect(harness.viewer.iceRestartedAt == nil)
        #expect(harness.viewer.socketAddress == moved)
    }

    /// The viewer keeps checking with its old credentials, which no longer authenticate after the restart: it is
    /// removed one ICE timeout after the restart, not before, while its media flows meanwhile.
    @Test func anICERestartThatNeverChecksInEndsTheViewerAtTheICETimeout() throws {
        let harness = try RouterHarness(
            configuration: SFUConfiguration(bindHost: "127.0.0.1", udpPort: 0, iceTimeout: 5, pendingViewerTimeout: 3))
        harness.connect(from: good, now: 1)
        _ = harness.sent()
        _ = try #require(
            harness.router.restartICE(
                viewerID: harness.viewer.id, sessionID: RouterHarness.sessionID,
                remote: ICECredentials(ufrag: "vie2", password: "viewerPasswordAfterRestart"), now: 2))
        for step in 1...48 {
            let now = 2 + Double(step) / 10
            harness.router.receive(harness.bindingRequest(useCandidate: false), from: good, now: now)
            harness.router.tick(now: now)
        }
        #expect(harness.router.hasViewer(harness.viewer.id, sessionID: RouterHarness.sessionID))
        #expect(harness.viewer.iceRestartedAt != nil, "old credentials must not complete the restart")
        harness.router.tick(now: 7.1)
        #expect(!harness.router.hasViewer(harness.viewer.id, sessionID: RouterHarness.sessionID))
    }

    /// A seeded walk of a streaming viewer that roams: nominations and plain checks from its addresses and from one
    /// it cannot answer from, answers to our checks lost at random, a frame each step and a tick every third.
    @Test(arguments: [1, 7, 42] as [UInt64])
    func nothingButSTUNEverGoesToAnAddressThatHasNotAnsweredACheck(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let harness = try RouterHarness()
        harness.connect(from: good, now: 1)
        _ = harness.sent()
        let roaming = [good, moved, RouterHarness.address("127.0.0.3", 40_002)]
        var answered: Set<SocketAddress> = [good]
        var checks: [(bytes: [UInt8], to: SocketAddress)] = []
        var mediaDestinations: Set<SocketAddress> = []
        var now = 1.0
        for step in 0..<600 {
            now += 1 / 30
            harness.deliverFrame(now: now, keyframe: step % 60 == 0)
            if step % 3 == 0 { harness.router.tick(now: now) }
            switch Int.random(in: 0..<5, using: &random) {
            case 0:
                let from = Bool.random(using: &random) ? victim : roaming.randomElement(using: &random)!
                harness.router.receive(
                    harness.bindingRequest(useCandidate: Bool.random(using: &random)), from: from, now: now)
            case 1, 2:
                guard !checks.isEmpty else { break }
                let check = checks.remove(at: Int.random(in: checks.indices, using: &random))
                guard check.to != victim, Int.random(in: 0..<3, using: &random) > 0 else { break }
                answered.insert(check.to)
                harness.router.receive(
                    try #require(harness.answer(check: check.bytes, from: check.to)), from: check.to, now: now)
            default:
                break
            }
            for (bytes, to) in harness.sent() {
                if isCheck(bytes) { checks.append((bytes, to)) }
                guard !STUNMessage.looksLikeSTUN(bytes) else { continue }
                #expect(answered.contains(to), "step \(step): \(PacketKind.classify(bytes)) to \(to), unanswered")
                mediaDestinations.insert(to)
            }
        }
        #expect(!mediaDestinations.contains(victim))
        #expect(mediaDestinations.count > 1, "the walk moved the viewer's media at least once")
    }

    @Test func aViewerThatNeverStartsICELosesItsSlotAtThePendingTimeout() throws {
        let harness = try RouterHarness()
        harness.router.tick(now: 7.9)
        #expect(harness.router.hasViewer(harness.viewer.id, sessionID: RouterHarness.sessionID))
        harness.router.tick(now: 8.1)
        #expect(!harness.router.hasViewer(harness.viewer.id, sessionID: RouterHarness.sessionID))
    }

    @Test func aViewerWhoseAddressNeverAnswersLosesItsSlotAtThePendingTimeout() throws {
        let harness = try RouterHarness()
        harness.router.receive(harness.bindingRequest(), from: victim, now: 1)
        var now = 1.0
        while now < 7.9 {
            now += 0.1
            harness.router.tick(now: now)
        }
        #expect(harness.router.hasViewer(harness.viewer.id, sessionID: RouterHarness.sessionID))
        harness.router.tick(now: 8.1)
        #expect(!harness.router.hasViewer(harness.viewer.id, sessionID: RouterHarness.sessionID))
    }

    @Test func theRegularICETimeoutStillAppliesOnceAnAddressAnswered() throws {
        let harness = try RouterHarness(
            configuration: SFUConfiguration(bindHost: "127.0.0.1", udpPort: 0, iceTimeout: 20, pendingViewerTimeout: 3))
        harness.router.receive(harness.bindingRequest(), from: good, now: 1)
        let check = try #require(harness.sent().first { isCheck($0.bytes) })
        harness.router.receive(try #require(harness.answer(check: check.bytes, from: good)), from: good, now: 1.01)
        harness.router.tick(now: 3.5)
        #expect(harness.router.hasViewer(harness.viewer.id, sessionID: RouterHarness.sessionID))
        #expect(harness.viewer.state == .connecting, "ICE done, DTLS never started")
        harness.router.tick(now: 20.1)
        #expect(!harness.router.hasViewer(harness.viewer.id, sessionID: RouterHarness.sessionID))
    }
}
