import HyperRTC
import Testing

struct KeyframeRequestDebouncerTests {
    @Test func aBurstOfRequestsGivesOneKeyframeThenOnePendingAtTheIntervalEnd() {
        var debouncer = KeyframeRequestDebouncer(interval: 0.25)
        var keyframes = 0
        for index in 0..<50 where debouncer.request(now: 10 + Double(index) * 0.002) {
            keyframes += 1
        }
        #expect(keyframes == 1)
        #expect(debouncer.pendingKeyframeDeadline == 10.25)
        let dueEarly = debouncer.pendingKeyframeDue(now: 10.2)
        let dueAtEnd = debouncer.pendingKeyframeDue(now: 10.25)
        #expect(!dueEarly && dueAtEnd)
        #expect(debouncer.pendingKeyframeDeadline == nil)
        let dueAgain = debouncer.pendingKeyframeDue(now: 10.6)
        #expect(!dueAgain)
    }

    @Test func aSingleRequestOwesNothingLater() {
        var debouncer = KeyframeRequestDebouncer()
        let produced = debouncer.request(now: 1)
        #expect(produced)
        #expect(debouncer.pendingKeyframeDeadline == nil)
        let due = debouncer.pendingKeyframeDue(now: 5)
        #expect(!due)
    }

    @Test func theOwedKeyframeStartsANewQuietInterval() {
        var debouncer = KeyframeRequestDebouncer(interval: 0.25)
        let answers = [
            debouncer.request(now: 0), debouncer.request(now: 0.1), debouncer.pendingKeyframeDue(now: 0.3),
            debouncer.request(now: 0.4), debouncer.request(now: 0.55),
        ]
        #expect(answers == [true, false, true, false, true])
    }

    @Test func requestsSpacedBeyondTheIntervalAllGetKeyframes() {
        var debouncer = KeyframeRequestDebouncer(interval: 0.25)
        let answers = (0..<5).map { debouncer.request(now: Double($0) * 0.3) }
        #expect(answers.allSatisfy { $0 })
    }
}
