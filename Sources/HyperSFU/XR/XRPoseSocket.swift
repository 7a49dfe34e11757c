/// The media side of one XR viewer's pose WebSocket (docs/xr.md, "WebSocket fallback"): the frame timings the router
/// hands it, queued for the socket's writer. The queue keeps the newest `timingQueueLimit` and drops the oldest, so a
/// client that never reads its socket costs the server a fixed amount of memory.
public final class XRPoseSocket: Sendable {
    /// Frame timings waiting for the socket: a few frames at any rate; an older timing is worthless to the page.
    public static let timingQueueLimit = 16
    /// The longest message a client sends (a pose, 60 bytes), with room to spare; a longer one is dropped.
    public static let maximumMessageBytes = 64

    public let sessionID: String
    public let viewerID: String
    /// Frame-timing messages (type 3) to write to the socket, in order; ends when the viewer leaves or another socket
    /// replaces this one.
    public let timings: AsyncStream<[UInt8]>
    private let continuation: AsyncStream<[UInt8]>.Continuation

    public init(sessionID: String, viewerID: String) {
        self.sessionID = sessionID
        self.viewerID = viewerID
        (timings, continuation) = AsyncStream.makeStream(
            of: [UInt8].self, bufferingPolicy: .bufferingNewest(Self.timingQueueLimit))
    }

    /// Queues a timing; false when the queue was full and its oldest timing was dropped for it.
    func send(_ message: [UInt8]) -> Bool {
        if case .dropped = continuation.yield(message) { return false }
        return true
    }

    /// Ends `timings`: the socket's writer closes the socket.
    public func finish() {
        continuation.finish()
    }
}
