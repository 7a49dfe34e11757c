import HyperRTC
import NIOCore
import Testing

@testable import HyperSFU

/// Which of the server's media sockets (one per local address) a viewer's datagrams leave through, in virtual time: a
/// STUN response through the socket its request came in on, everything else through the socket of the viewer's
/// nomination, so that a peer checking the source of what it receives (RFC 8445 §7.2.5.2.1) sees the address it sent
/// to (issue #10, item 6).
@Suite struct MediaRouterSocketTests {
    let viewerAddress = RouterHarness.address("127.0.0.1", 40_000)

    /// A viewer whose first, plain check reached socket 0 and whose nomination reached socket 1 before it answered our
    /// check (sent through socket 0, so answered there), connected; the harness with nothing left to read.
    func harnessNominatingOnTheSecondSocket() throws -> RouterHarness {
        let harness = try RouterHarness()
        harness.router.receive(harness.bindingRequest(useCandidate: false), from: viewerAddress, on: 0, now: 1)
        let first = harness.sent(on: 0)
        #expect(first.count == 2 && first.allSatisfy { STUNMessage.looksLikeSTUN($0.bytes) }, "response and check")
        let check = try #require(first.first { (try? STUNMessage(parsing: $0.bytes))?.messageClass == .request })
        harness.router.receive(harness.bindingRequest(), from: viewerAddress, on: 1, now: 1)
        #expect(harness.sent(on: 1).count == 1, "the response, through the socket asked")
        let answer = try #require(harness.answer(check: check.bytes, from: viewerAddress))
        harness.router.receive(answer, from: viewerAddress, on: 0, now: 1)
        #expect(harness.viewer.socketAddress == viewerAddress)
        #expect(harness.viewer.socket == 1, "the socket of the nomination, not of the answer to our check")
        harness.connect(from: viewerAddress, on: 1, now: 1)
        #expect(harness.viewer.state == .connected)
        #expect(harness.viewer.socket == 1)
        _ = harness.sent(on: 0)
        _ = harness.sent(on: 1)
        return harness
    }

    @Test func mediaSenderReportsRetransmissionsAndConsentChecksLeaveThroughTheNominatedSocket() throws {
        let harness = try harnessNominatingOnTheSecondSocket()
        var now = 1.0
        var rtp: [[UInt8]] = []
        for frame in 0..<40 {
            now = 1 + Double(frame) * 0.2
            harness.deliverFrame(now: now, keyframe: frame == 0)
            harness.router.tick(now: now)
            #expect(harness.sent(on: 0).isEmpty, "nothing leaves through the socket not nominated")
            rtp += harness.sent(on: 1).map(\.bytes)
        }
        let sequenceNumber = UInt16(rtp[rtp.count - 1][2]) << 8 | UInt16(rtp[rtp.count - 1][3])
        try harness.sendRTCP(
            [.genericNACK(senderSSRC: 0xBEEF, mediaSSRC: RouterHarness.ssrc, lost: [sequenceNumber])],
            from: viewerAddress, on: 1, now: now)
        let afterNACK = harness.sent(on: 1)
        #expect(harness.sent(on: 0).isEmpty)

        let kinds = Set(rtp.map { PacketKind.classify($0) })
        #expect(kinds.contains(.rtp) && kinds.contains(.rtcp), "media and sender reports")
        #expect(rtp.contains { STUNMessage.looksLikeSTUN($0) }, "the consent check after 5 s")
        #expect(afterNACK.contains { PacketKind.classify($0.bytes) == .rtp }, "the retransmission")
    }

    @Test func aPlainCheckOnAnotherSocketIsAnsweredThereAndMovesNothing() throws {
        let harness = try harnessNominatingOnTheSecondSocket()
        harness.router.receive(harness.bindingRequest(useCandidate: false), from: viewerAddress, on: 0, now: 2)
        let answers = harness.sent(on: 0)
        #expect(answers.count == 1 && STUNMessage.looksLikeSTUN(answers[0].bytes))
        #expect(harness.sent(on: 1).isEmpty)
        harness.deliverFrame(now: 2.1)
        #expect(harness.sent(on: 0).isEmpty)
        #expect(harness.sent(on: 1).contains { PacketKind.classify($0.bytes) == .rtp })
        #expect(harness.viewer.socket == 1)
    }

    @Test func aNominationOnAnotherSocketFromTheSameAddressMovesTheMediaThere() throws {
        let harness = try harnessNominatingOnTheSecondSocket()
        harness.router.receive(harness.bindingRequest(), from: viewerAddress, on: 0, now: 2)
        #expect(harness.sent(on: 0).count == 1, "the response, and no check: the address is proven")
        harness.deliverFrame(now: 2.1)
        #expect(harness.sent(on: 1).isEmpty)
        #expect(harness.sent(on: 0).contains { PacketKind.classify($0.bytes) == .rtp })
        #expect(harness.viewer.socket == 0)
    }

    @Test func aForgedRequestWithoutTheViewersPasswordMovesNothing() throws {
        let harness = try harnessNominatingOnTheSecondSocket()
        let stranger = ICECredentials(ufrag: "view", password: "notTheViewersPassword123")
        harness.router.receive(
            harness.bindingRequest(server: ICECredentials(ufrag: "serv", password: stranger.password)),
            from: viewerAddress, on: 0, now: 2)
        _ = harness.sent(on: 0)
        harness.deliverFrame(now: 2.1)
        #expect(harness.sent(on: 1).contains { PacketKind.classify($0.bytes) == .rtp })
        #expect(harness.viewer.socket == 1)
    }
}
