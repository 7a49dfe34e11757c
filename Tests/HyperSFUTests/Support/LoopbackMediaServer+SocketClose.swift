@testable import HyperSFU
@testable import HyperViewer

extension LoopbackMediaServer.Fixture {
    /// Closes every media socket under a viewer that has five frames, and tells whether five more frames reach it
    /// from 300 ms after the close on (the rebind), within 3 s.
    func closeMediaSocketsAndWaitForFrames(_ log: ViewerEventLog) async -> (before: Bool, resumed: Bool) {
        let before = await log.wait(upTo: .seconds(3)) { _ in log.frames.count >= 5 }
        await media.closeMediaSocketForTesting()
        let closedAt = ContinuousClock.now
        let resumed = await log.wait(upTo: .seconds(3)) { _ in
            log.frames.filter { $0.arrival > closedAt + .milliseconds(300) }.count >= 5
        }
        return (before, resumed)
    }
}
