import Testing

@testable import HyperSFU

/// Keyframe requests in virtual time: per-viewer debounce, the session-wide cap, owed keyframes, joins, and SSRCs.
@Suite struct KeyframeRequestPolicyTests {
    static let ssrc: UInt32 = 0x0BAD_CAFE

    /// Runs `requests` (time, viewer) and ticks every 100 ms until `end`; returns the times keyframes were produced.
    func keyframes(
        _ policy: inout KeyframeRequestPolicy, requests: [(at: Double, viewer: String)], end: Double,
        joins: [Double] = []
    ) -> [Double] {
        var produced: [Double] = []
        var pending = requests.sorted { $0.at < $1.at }[...]
        var joinsLeft = joins.sorted()[...]
        var now = 0.0
        while now <= end {
            while let join = joinsLeft.first, join <= now {
                joinsLeft.removeFirst()
                policy.viewerJoined(now: now)
                produced.append(now)
            }
            while let next = pending.first, next.at <= now {
                pending.removeFirst()
                if policy.request(from: next.viewer, mediaSSRC: Self.ssrc, now: now) == .keyframe {
                    produced.append(now)
                }
            }
            if policy.keyframeDue(now: now) { produced.append(now) }
            now = ((now + 0.01) * 100).rounded() / 100
        }
        return produced
    }

    @Test func oneViewersPLIFloodCostsOneKeyframePerViewerInterval() {
        var policy = KeyframeRequestPolicy(mediaSSRC: Self.ssrc)
        let flood = stride(from: 0.0, to: 10, by: 0.01).map { (at: $0, viewer: "flooder") }
        let produced = keyframes(&policy, requests: flood, end: 10)
        #expect(produced.count == Int(10 / KeyframeRequestPolicy.viewerInterval))
        #expect(
            zip(produced, produced.dropFirst()).allSatisfy { $1 - $0 >= KeyframeRequestPolicy.viewerInterval - 1e-9 })
    }

    @Test func manyViewersTogetherAreCappedToOneKeyframePerSessionInterval() {
        var policy = KeyframeRequestPolicy(mediaSSRC: Self.ssrc)
        let flood = (0..<50).flatMap { viewer in
            stride(from: Double(viewer) * 0.01, to: 10, by: 0.05).map { (at: $0, viewer: "viewer-\(viewer)") }
        }
        let produced = keyframes(&policy, requests: flood, end: 10)
        #expect(produced.count <= Int(10 / KeyframeRequestPolicy.sessionInterval) + 1)
        #expect(
            zip(produced, produced.dropFirst()).allSatisfy { $1 - $0 >= KeyframeRequestPolicy.sessionInterval - 1e-9 })
    }

    @Test func aRequestInTheQuietIntervalIsOwedAKeyframeWhenItEnds() {
        var policy = KeyframeRequestPolicy(mediaSSRC: Self.ssrc)
        #expect(policy.request(from: "a", mediaSSRC: Self.ssrc, now: 1) == .keyframe)
        #expect(policy.request(from: "b", mediaSSRC: Self.ssrc, now: 1.2) == .owed)
        #expect(policy.keyframeDue(now: 1.9) == false)
        #expect(policy.keyframeDue(now: 2.0) == true)
        #expect(policy.keyframeDue(now: 3.5) == false, "one owed keyframe answers every request it was owed to")
    }

    @Test func aRequestTooSoonAfterTheViewersLastIsNotHeard() {
        var policy = KeyframeRequestPolicy(mediaSSRC: Self.ssrc)
        #expect(policy.request(from: "a", mediaSSRC: Self.ssrc, now: 1) == .keyframe)
        #expect(policy.request(from: "a", mediaSSRC: Self.ssrc, now: 2.5) == .tooSoon)
        #expect(policy.keyframeDue(now: 5) == false)
        #expect(policy.request(from: "a", mediaSSRC: Self.ssrc, now: 3) == .keyframe)
    }

    @Test func aJoiningViewerGetsItsKeyframeAtOnceAndItAnswersOwedRequests() {
        var policy = KeyframeRequestPolicy(mediaSSRC: Self.ssrc)
        let produced = keyframes(
            &policy, requests: [(0, "a"), (0.3, "b")], end: 3, joins: [0.1, 0.5])
        #expect(produced == [0, 0.1, 0.5], "joins are not delayed, and the owed request is answered by a join")
        var quiet = KeyframeRequestPolicy(mediaSSRC: Self.ssrc)
        quiet.viewerJoined(now: 1)
        #expect(quiet.request(from: "a", mediaSSRC: Self.ssrc, now: 1.5) == .owed)
        #expect(quiet.keyframeDue(now: 2) == true)
    }

    @Test func requestsForAnotherSSRCAreIgnored() {
        var policy = KeyframeRequestPolicy(mediaSSRC: Self.ssrc)
        #expect(policy.request(from: "a", mediaSSRC: Self.ssrc &+ 1, now: 1) == .unknownSSRC)
        #expect(policy.request(from: "a", mediaSSRC: 0, now: 1) == .unknownSSRC)
        #expect(policy.request(from: "a", mediaSSRC: Self.ssrc, now: 1) == .keyframe, "ignored requests cost no turn")
    }

    @Test func aViewerThatLeftAndCameBackIsHeardAgain() {
        var policy = KeyframeRequestPolicy(mediaSSRC: Self.ssrc)
        #expect(policy.request(from: "a", mediaSSRC: Self.ssrc, now: 1) == .keyframe)
        policy.forget(viewerID: "a")
        #expect(policy.request(from: "a", mediaSSRC: Self.ssrc, now: 2.2) == .keyframe)
    }
}
