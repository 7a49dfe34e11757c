import Foundation
import HyperSFU
import NIOCore
import Synchronization

/// A thread posting a slowly turning head pose to every inbox at a fixed rate, as headsets would.
final class PoseFeed: Sendable {
    let inboxes: [XRPoseInbox]
    let rate: Double
    private let stopped = Mutex(false)

    init(inboxes: [XRPoseInbox], rate: Double) {
        self.inboxes = inboxes
        self.rate = rate
    }

    func start() {
        let thread = Thread { [self] in
            let clock = ContinuousClock()
            let start = clock.now
            var id: UInt32 = 0
            while !stopped.withLock({ $0 }) {
                id += 1
                let due = start + .seconds(Double(id) / rate)
                let wait = due - clock.now
                if wait > .zero { Thread.sleep(forTimeInterval: wait / .seconds(1)) }
                let seconds = (clock.now - start) / .seconds(1)
                let half = 0.3 * sin(seconds) / 2
                let pose = XRPose(
                    id: id, sampleTime: 1000 + seconds * 1000, orientation: SIMD4(0, sin(half), 0, cos(half)))
                let now = NIODeadline.now().uptimeNanoseconds
                for inbox in inboxes { inbox.post(pose, uptimeNanoseconds: now) }
            }
        }
        thread.name = "bench-poses"
        thread.start()
    }

    func stop() {
        stopped.withLock { $0 = true }
    }
}
