public import HyperRTC
public import NIOCore
import NIOPosix

/// A lightweight WHEP viewer for load tests and loopback tests: its own UDP socket on 127.0.0.1, real ICE checks
/// (and consent), a real DTLS client handshake and SRTP, then it counts every RTP packet. A verifying viewer also
/// decrypts, reassembles and optionally decodes the video and reports frames as events. Hundreds run in one
/// process on a `LoadClient`'s event loops.
public final class LoadViewer: Sendable {
    /// Where the viewer resource lives on the server, as the WHEP exchange returned it.
    public let location: String
    /// The viewer's UDP port on 127.0.0.1.
    public let localPort: Int
    public let configuration: LoadViewerConfiguration
    /// What happens, in order: connected, frames and retransmissions (verifying viewers), closed or failed. The stream
    /// keeps the newest 256 events nobody has read yet, and finishes when the viewer is closed.
    public let events: AsyncStream<LoadViewerEvent>

    private let channel: any Channel
    private let handler: NIOLoopBound<LoadViewerChannelHandler>
    private let connectedFuture: EventLoopFuture<Void>

    /// Receives a relay's reassembled frames on the viewer's event loop; the flag says frames before it were lost.
    public typealias FrameSink = @Sendable (VP8Depacketizer.VP8Frame, Bool) -> Void

    /// Receives a relay's Opus packets (payload, RTP timestamp on the 48 kHz clock) on the viewer's event loop.
    public typealias AudioSink = @Sendable ([UInt8], UInt32) -> Void

    /// Milliseconds between timer ticks: check and DTLS retransmissions, consent, receiver reports.
    static let tickMilliseconds: Int64 = 100
    static let receiveBufferBytes = 512 * 1024
    /// Datagrams read per recvmmsg(2); NIO splits one receive buffer evenly among them.
    static let vectorReadCount = 8
    static let maximumDatagramBytes = 2048

    private init(
        location: String,
        localPort: Int,
        configuration: LoadViewerConfiguration,
        events: AsyncStream<LoadViewerEvent>,
        channel: any Channel,
        handler: NIOLoopBound<LoadViewerChannelHandler>,
        connectedFuture: EventLoopFuture<Void>
    ) {
        self.location = location
        self.localPort = localPort
        self.configuration = configuration
        self.events = events
        self.channel = channel
        self.handler = handler
        self.connectedFuture = connectedFuture
    }

    /// Binds a socket, sends the offer through `exchange`, applies the answer and starts ICE; returns without waiting
    /// for DTLS (see `connected()`).
    public static func connect(
        group: any EventLoopGroup,
        certificate: DTLSCertificate,
        configuration: LoadViewerConfiguration,
        host: String = "127.0.0.1",
        frameSink: FrameSink? = nil,
        audioSink: AudioSink? = nil,
        exchange: WHEPOfferExchange
    ) async throws(LoadViewerError) -> LoadViewer {
        let channel: any Channel
        do {
            channel = try await DatagramBootstrap(group: group)
                .channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(receiveBufferBytes))
                .channelOption(.maxMessagesPerRead, value: 4)
                .channelOption(.datagramVectorReadMessageCount, value: vectorReadCount)
                .channelOption(
                    .recvAllocator,
                    value: FixedSizeRecvByteBufferAllocator(capacity: vectorReadCount * maximumDatagramBytes)
                )
                .bind(host: host, port: 0)
                .get()
        } catch {
            throw LoadViewerError(.socket, "cannot bind a UDP socket on \(host): \(error)")
        }
        do {
            return try await start(
                channel: channel, host: host, certificate: certificate, configuration: configuration,
                frameSink: frameSink, audioSink: audioSink, exchange)
        } catch {
            try? await channel.close()
            throw error
        }
    }

    private static func start(
        channel: any Channel,
        host: String,
        certificate: DTLSCertificate,
        configuration: LoadViewerConfiguration,
        frameSink: FrameSink?,
        audioSink: AudioSink?,
        _ exchange: WHEPOfferExchange
    ) async throws(LoadViewerError) -> LoadViewer {
        guard let port = channel.localAddress?.port else {
            throw LoadViewerError(.socket, "the UDP socket has no local port")
        }
        let local = ICECredentials.random()
        // A relay (frames forwarded) takes the session's audio too.
        let offer = LoadViewerOffer(
            ice: local, fingerprint: certificate.fingerprint, host: host, port: port,
            audio: configuration.forwardsFrames)
        let result: WHEPExchangeResult
        do {
            result = try await exchange(offer.sdp)
        } catch let error as LoadViewerError {
            throw error
        } catch {
            throw LoadViewerError(.exchange, "the WHEP exchange failed: \(error)")
        }
        let answer = try LoadViewerAnswer(parsing: result.answer)
        let server: SocketAddress
        do {
            server = try SocketAddress(ipAddress: answer.candidate.host, port: answer.candidate.port)
        } catch {
            throw LoadViewerError(.badAnswer, "the answer's candidate \(answer.candidate) is not an IP address")
        }
        let (events, continuation) = AsyncStream.makeStream(
            of: LoadViewerEvent.self, bufferingPolicy: .bufferingNewest(256))
        let loop = channel.eventLoop
        let started = loop.submit { () throws -> (NIOLoopBound<LoadViewerChannelHandler>, EventLoopFuture<Void>) in
            let now = LoadViewerChannelHandler.now()
            let connection = try LoadViewerConnection(
                configuration: configuration, local: local, certificate: certificate, answer: answer, now: now)
            let handler = LoadViewerChannelHandler(
                connection: connection, server: server, connected: loop.makePromise(), continuation: continuation,
                frameSink: frameSink, audioSink: audioSink)
            try channel.pipeline.syncOperations.addHandler(handler)
            let bound = NIOLoopBound(handler, eventLoop: loop)
            handler.ticks = loop.scheduleRepeatedTask(
                initialDelay: .milliseconds(tickMilliseconds), delay: .milliseconds(tickMilliseconds)
            ) { _ in bound.value.tick() }
            handler.perform(connection.start(now: now), flush: true)
            return (bound, handler.connected.futureResult)
        }
        do {
            let (handler, connected) = try await started.get()
            return LoadViewer(
                location: result.location, localPort: port, configuration: configuration, events: events,
                channel: channel, handler: handler, connectedFuture: connected)
        } catch let error as LoadViewerError {
            continuation.finish()
            throw error
        } catch {
            continuation.finish()
            throw LoadViewerError(.socket, "cannot start the viewer on its event loop: \(error)")
        }
    }

    /// Returns once DTLS-SRTP is up; throws when the viewer failed, closed or gave up first (its `connectTimeout`).
    public func connected() async throws(LoadViewerError) {
        do {
            try await connectedFuture.get()
        } catch let error as LoadViewerError {
            throw error
        } catch {
            throw LoadViewerError(.connectionFailed, "\(error)")
        }
    }

    /// The viewer's counters now; all zero and `.closed` once its event loop has shut down.
    public func statistics() async -> LoadViewerStatistics {
        let handler = self.handler
        let statistics = try? await channel.eventLoop.submit { handler.value.connection.statistics }.get()
        return statistics ?? LoadViewerStatistics(state: .closed)
    }

    /// Sends a picture loss indication (RTCP PLI), asking the server for a keyframe.
    public func requestKeyframe() async throws(LoadViewerError) {
        try await sendRTCP { connection, now throws(LoadViewerError) in try connection.pictureLossIndication(now: now) }
    }

    /// Sends a generic NACK (RFC 4585) asking the server to send these sequence numbers again.
    public func requestRetransmission(of sequenceNumbers: [UInt16]) async throws(LoadViewerError) {
        try await sendRTCP { connection, now throws(LoadViewerError) in
            try connection.negativeAcknowledgement(sequenceNumbers, now: now)
        }
    }

    /// Restarts ICE: `exchange` gets new local credentials, tells the server (a WHEP PATCH) and returns the
    /// server's new ones; checks then run with the new pair while media keeps flowing.
    public func restartICE(
        _ exchange: @Sendable (ICECredentials) async throws -> ICECredentials
    ) async throws {
        let local = ICECredentials.random()
        let remote = try await exchange(local)
        try await sendRTCP { connection, _ throws(LoadViewerError) in
            connection.restartICE(local: local, remote: remote)
            return []
        }
    }

    /// Sends a REMB capping what the server should send this viewer at `bitrate` bit/s.
    public func sendEstimatedMaximumBitrate(_ bitrate: UInt64) async throws(LoadViewerError) {
        try await sendRTCP { connection, now throws(LoadViewerError) in
            try connection.estimatedMaximumBitrate(bitrate, now: now)
        }
    }

    /// Sends a receiver report now, besides the periodic ones.
    public func sendReceiverReport() async throws(LoadViewerError) {
        try await sendRTCP { connection, now throws(LoadViewerError) in try connection.feedback([], now: now) }
    }

    /// Sends close_notify if connected, stops the timers, finishes `events` and closes the socket. It does not DELETE
    /// the WHEP resource; the server removes a viewer on close_notify.
    public func close() async {
        let handler = self.handler
        try? await channel.eventLoop.submit { handler.value.close() }.get()
        try? await channel.close()
    }

    private func sendRTCP(
        _ body:
            @escaping @Sendable (LoadViewerConnection, Double) throws(LoadViewerError) -> [LoadViewerConnection.Action]
    ) async throws(LoadViewerError) {
        let handler = self.handler
        let result = try? await channel.eventLoop.submit { () -> Result<Void, LoadViewerError> in
            Result { () throws(LoadViewerError) in try handler.value.send(body) }
        }.get()
        guard let result else { throw LoadViewerError(.notConnected, "the viewer's socket is closed") }
        try result.get()
    }
}
