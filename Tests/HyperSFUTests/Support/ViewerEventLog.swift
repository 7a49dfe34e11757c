import HyperSFU
import HyperViewer
import Synchronization

/// Reads a load viewer's events in the background and keeps them, so a test can wait for a condition on everything
/// seen so far without owning the stream's only iterator.
final class ViewerEventLog: Sendable {
    private let events = Mutex<[LoadViewerEvent]>([])
    private let reader = Mutex<Task<Void, Never>?>(nil)

    init(_ viewer: LoadViewer) {
        let task = Task { [weak self] in
            for await event in viewer.events {
                self?.events.withLock { $0.append(event) }
            }
        }
        reader.withLock { $0 = task }
    }

    deinit {
        reader.withLock { $0?.cancel() }
    }

    var all: [LoadViewerEvent] {
        events.withLock { $0 }
    }

    var frames: [LoadViewerFrame] {
        all.compactMap { event in
            guard case .frame(let frame) = event else { return nil }
            return frame
        }
    }

    /// Polls every 20 ms until `condition` holds for the events so far; false when `timeout` passes first.
    func wait(
        upTo timeout: Duration,
        until condition: ([LoadViewerEvent]) -> Bool
    ) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if condition(all) { return true }
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
