import NIOCore

/// The NIO side of one load viewer: hands its socket's datagrams, timer ticks and RTCP requests to the
/// `LoadViewerConnection`, writes what it answers to the server and reports its events. Counting viewers never copy
/// an RTP packet out of its buffer.
final class LoadViewerChannelHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    let connection: LoadViewerConnection
    /// Succeeds when DTLS connects; fails when the viewer fails or closes first.
    let connected: EventLoopPromise<Void>
    var ticks: RepeatedTask?
    private let server: SocketAddress
    private let continuation: AsyncStream<LoadViewerEvent>.Continuation
    private var connectionSettled = false
    private var channel: (any Channel)?
    private var flushPending = false
    /// Where a relay's frames go (`LoadViewerConfiguration.forwardsFrames`), on this viewer's event loop.
    private let frameSink: LoadViewer.FrameSink?
    /// Where a relay's Opus packets go, on this viewer's event loop.
    private let audioSink: LoadViewer.AudioSink?

    init(
        connection: LoadViewerConnection,
        server: SocketAddress,
        connected: EventLoopPromise<Void>,
        continuation: AsyncStream<LoadViewerEvent>.Continuation,
        frameSink: LoadViewer.FrameSink? = nil,
        audioSink: LoadViewer.AudioSink? = nil
    ) {
        self.frameSink = frameSink
        self.audioSink = audioSink
        self.connection = connection
        self.server = server
        self.connected = connected
        self.continuation = continuation
    }

    static func now() -> Double {
        Double(NIODeadline.now().uptimeNanoseconds) / 1e9
    }

    func handlerAdded(context: ChannelHandlerContext) {
        channel = context.channel
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard envelope.remoteAddress == server else {
            connection.datagramsFromElsewhere += 1
            return
        }
        let buffer = envelope.data
        let now = Self.now()
        if !connection.verifies, let header = Self.rtpHeader(buffer) {
            connection.countRTP(
                sequenceNumber: header.sequenceNumber, timestamp: header.timestamp, ssrc: header.ssrc,
                byteCount: buffer.readableBytes, now: now)
            return
        }
        perform(connection.receive(Array(buffer.readableBytesView), now: now), flush: false)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if flushPending {
            flushPending = false
            context.flush()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A UDP send to a closed port (ICMP unreachable) surfaces here; the viewer's timers decide what it means.
    }

    /// Runs the timers and sends what they produce.
    func tick() {
        perform(connection.tick(now: Self.now()), flush: true)
    }

    /// Sends the datagrams an RTCP request produces.
    func send(_ body: (LoadViewerConnection, Double) throws(LoadViewerError) -> [LoadViewerConnection.Action])
        throws(LoadViewerError)
    {
        perform(try body(connection, Self.now()), flush: true)
    }

    /// Closes the association (close_notify when connected), stops the timers and ends the event stream.
    func close() {
        perform(connection.close(), flush: true)
        ticks?.cancel()
        ticks = nil
        settle(with: LoadViewerError(.connectionFailed, "the viewer was closed before it connected"))
        continuation.finish()
    }

    func perform(_ actions: [LoadViewerConnection.Action], flush: Bool) {
        guard !actions.isEmpty else { return }
        for action in actions {
            switch action {
            case .send(let datagram):
                guard let channel else { continue }
                let envelope = AddressedEnvelope(remoteAddress: server, data: channel.allocator.buffer(bytes: datagram))
                channel.write(envelope, promise: nil)
                flushPending = true
            case .forward(let frame, let followsLoss):
                frameSink?(frame, followsLoss)
            case .forwardAudio(let payload, let timestamp):
                audioSink?(payload, timestamp)
            case .emit(let event):
                continuation.yield(event)
                switch event {
                case .connected:
                    settle(with: nil)
                case .failed(let reason):
                    settle(with: LoadViewerError(.connectionFailed, reason))
                case .closed:
                    settle(with: LoadViewerError(.connectionFailed, "the server closed the association"))
                case .frame, .retransmission:
                    break
                }
            }
        }
        if flush && flushPending {
            flushPending = false
            channel?.flush()
        }
    }

    private func settle(with error: LoadViewerError?) {
        guard !connectionSettled else { return }
        connectionSettled = true
        if let error {
            connected.fail(error)
        } else {
            connected.succeed()
        }
    }

    /// Sequence number, timestamp and SSRC of an RTP packet (RFC 7983 first byte, not an RTCP packet type).
    private static func rtpHeader(_ buffer: ByteBuffer) -> (sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32)? {
        let start = buffer.readerIndex
        guard buffer.readableBytes >= 12, let first = buffer.getInteger(at: start, as: UInt8.self),
            (128...191).contains(first), let second = buffer.getInteger(at: start + 1, as: UInt8.self),
            !(192...223).contains(second), let sequenceNumber = buffer.getInteger(at: start + 2, as: UInt16.self),
            let timestamp = buffer.getInteger(at: start + 4, as: UInt32.self),
            let ssrc = buffer.getInteger(at: start + 8, as: UInt32.self)
        else { return nil }
        return (sequenceNumber, timestamp, ssrc)
    }
}
