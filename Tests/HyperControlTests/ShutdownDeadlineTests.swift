import HyperControl
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import Testing

/// The last resort behind SIGTERM: once shutdown begins the deadline fires after its limit even if every other task
/// waits forever, and never before shutdown begins.
@Suite struct ShutdownDeadlineTests {
    @Test func expiresAfterTheLimitOnceShutdownBegins() async throws {
        let (expired, continuation) = AsyncStream.makeStream(of: Duration.self)
        let deadline = ShutdownDeadline(limit: .milliseconds(50)) { continuation.yield($0) }
        try await testGracefulShutdown { trigger in
            trigger.triggerGracefulShutdown()
            try await deadline.run()
        }
        var iterator = expired.makeAsyncIterator()
        #expect(await iterator.next() == .milliseconds(50))
    }

    @Test func expiresWhenTheServiceGroupIsCancelled() async throws {
        let (expired, continuation) = AsyncStream.makeStream(of: Duration.self)
        let deadline = ShutdownDeadline(limit: .milliseconds(50)) { continuation.yield($0) }
        let running = Task { try await deadline.run() }
        running.cancel()
        try await running.value
        var iterator = expired.makeAsyncIterator()
        #expect(await iterator.next() == .milliseconds(50))
    }

    @Test func staysQuietWhileTheServerRuns() async throws {
        let fired = Expiry()
        let deadline = ShutdownDeadline(limit: .zero) { _ in fired.happened.store(true, ordering: .relaxed) }
        try await testGracefulShutdown { trigger in
            let running = Task { try await deadline.run() }
            try await Task.sleep(for: .milliseconds(200))
            #expect(!fired.hasHappened)
            trigger.triggerGracefulShutdown()
            try await running.value
        }
    }
}

private final class Expiry: Sendable {
    let happened = Atomic<Bool>(false)
    var hasHappened: Bool { happened.load(ordering: .relaxed) }
}
