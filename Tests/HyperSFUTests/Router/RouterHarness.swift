import HyperMedia
import HyperRTC
import Logging
import NIOCore
import Testing

@testable import HyperSFU

/// A `MediaRouter` with one viewer, driven in virtual time, and that viewer's side of ICE and DTLS: what the router
/// sends is recorded as datagrams with their destination and socket; nothing touches a socket or the clock.
final class RouterHarness {
    static let sessionID = "session"
    static let ssrc: UInt32 = 0x5EED_0001
    let viewerICE = ICECredentials(ufrag: "view", password: "viewerPasswordForRouter1")
    let serverICE = ICECredentials(ufrag: "serv", password: "serverPasswordForRouter1")
    let router: MediaRouter
    /// The router's media sockets: 0, and 1 for the server's second local address.
    let transmitter = RecordingTransmitter()
    let viewer: Viewer
    let client: DTLSTransport
    /// The viewer's SRTP keys once its DTLS handshake completed.
    var clientSRTP: SRTPSession?
    var keyframesRequested = 0

    init(
        configuration: SFUConfiguration = SFUConfiguration(bindHost: "127.0.0.1", udpPort: 0),
        identities: ViewerIdentities = .random,
        unixTimeOffset: Double = 1_800_000_000
    ) throws {
        var logger = Logger(label: "router-harness")
        logger.logLevel = .critical
        router = MediaRouter(
            configuration: configuration, logger: logger, transmitter: transmitter, identities: identities,
            unixTimeOffset: unixTimeOffset)
        router.addTrack(sessionID: Self.sessionID, ssrc: Self.ssrc, codec: .vp8)
        let serverCertificate = try DTLSCertificate.generate()
        let clientCertificate = try DTLSCertificate.generate(commonName: "viewer")
        client = try DTLSTransport(
            role: .client, certificate: clientCertificate, remoteFingerprint: serverCertificate.fingerprint)
        let negotiated = NegotiatedSession(
            remoteICE: viewerICE,
            remoteFingerprint: SDPFingerprint(algorithm: "sha-256", value: clientCertificate.fingerprint),
            video: NegotiatedTrack(
                mid: "0", payloadType: 96, codec: "VP8", clockRate: 90_000, ssrc: Self.ssrc, nack: true, pli: true),
            bundled: true)
        viewer = Viewer(
            id: "viewer", sessionID: Self.sessionID, etag: "\"e\"", negotiated: negotiated, local: serverICE,
            dtls: try DTLSTransport(
                role: .server, certificate: serverCertificate, remoteFingerprint: clientCertificate.fingerprint),
            createdAt: 0, initialBitrate: 1_000_000)
        router.requestKeyframe = { [unowned self] _ in keyframesRequested += 1 }
        router.addViewer(viewer)
    }

    static func address(_ host: String, _ port: Int) -> SocketAddress {
        try! SocketAddress(ipAddress: host, port: port)
    }

    /// The viewer's Binding request, as a browser sends it.
    func bindingRequest(useCandidate: Bool = true, server: ICECredentials? = nil, viewer: ICECredentials? = nil)
        -> [UInt8]
    {
        let server = server ?? serverICE
        let viewer = viewer ?? viewerICE
        var attributes: [STUNAttribute] = [
            .username("\(server.ufrag):\(viewer.ufrag)"), .priority(1_853_824_767),
            .iceControlling(0x1234_5678_9ABC_DEF0),
        ]
        if useCandidate { attributes.append(.useCandidate) }
        return STUNMessage(
            messageClass: .request, method: STUNMessage.bindingMethod,
            transactionID: STUNMessage.randomTransactionID(), attributes: attributes
        ).encoded(integrityKey: Array(server.password.utf8), fingerprint: true)
    }

    /// Everything the router sent on socket `socket` since the last call.
    func sent(on socket: Int = 0) -> [(bytes: [UInt8], to: SocketAddress)] {
        transmitter.take(on: socket).map { ($0.bytes, $0.to) }
    }

    /// The viewer's answer to a consent check of the router's, if `datagram` is one.
    func answer(check datagram: [UInt8], from address: SocketAddress, viewer: ICECredentials? = nil) -> [UInt8]? {
        guard let check = try? STUNMessage(parsing: datagram), check.messageClass == .request else { return nil }
        return STUNMessage(
            messageClass: .successResponse, method: STUNMessage.bindingMethod, transactionID: check.transactionID,
            attributes: [.xorMappedAddress(MediaRouter.rtcAddress(address))]
        ).encoded(integrityKey: Array((viewer ?? viewerICE).password.utf8), fingerprint: true)
    }

    /// Plays the viewer at `address` until nothing more is sent: nominates with a Binding request to media socket
    /// `socket`, answers checks, and runs DTLS there (the ClientHello right after the Binding request, before the
    /// answer to our check, as real clients do), replying to each datagram on the socket it came from, as a peer
    /// answers the address that sent it. Returns what it was sent on either socket.
    @discardableResult
    func connect(from address: SocketAddress, on socket: Int = 0, now: Double)
        -> [(bytes: [UInt8], to: SocketAddress)]
    {
        router.receive(bindingRequest(), from: address, on: socket, now: now)
        var inbound: [(bytes: [UInt8], socket: Int)] = client.start().compactMap {
            if case .send(let bytes) = $0 { (bytes, socket) } else { nil }
        }
        var received: [(bytes: [UInt8], to: SocketAddress)] = []
        for _ in 0..<20 {
            for datagram in inbound { router.receive(datagram.bytes, from: address, on: datagram.socket, now: now) }
            inbound = []
            let out = transmitter.take()
            guard !out.isEmpty else { break }
            received += out.map { ($0.bytes, $0.to) }
            for datagram in out where datagram.to == address {
                if let reply = answer(check: datagram.bytes, from: address) { inbound.append((reply, datagram.socket)) }
                if PacketKind.classify(datagram.bytes) == .dtls {
                    for event in client.receive(datagram.bytes) {
                        switch event {
                        case .send(let reply): inbound.append((reply, datagram.socket))
                        case .connected(let keys): clientSRTP = try? SRTPSession(keys: keys)
                        case .failed, .closed, .applicationData: break
                        }
                    }
                }
            }
        }
        return received
    }

    /// RTCP from the viewer, protected with its keys, arriving from `address`.
    func sendRTCP(_ packets: [RTCPPacket], from address: SocketAddress, on socket: Int = 0, now: Double) throws {
        let srtp = try #require(clientSRTP)
        router.receive(try srtp.protectRTCP(RTCPPacket.compound(packets)), from: address, on: socket, now: now)
    }

    func deliverFrame(now: Double, keyframe: Bool = true, bytes: Int = 2000) {
        router.deliver(
            EncodedFrame(
                data: [0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a] + [UInt8](repeating: 7, count: bytes),
                pts: Int64(now * 90_000),
                duration: 3000, isKeyframe: keyframe, temporalLayer: 0),
            timing: SessionFrameTiming(renderStartUptimeNanoseconds: 0, renderMilliseconds: 1, encodeMilliseconds: 1),
            trackKey: Self.sessionID, now: now)
    }
}
