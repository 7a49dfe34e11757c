@testable import HyperRTC

/// Two in-process DTLS transports joined by a lossless (or selectively lossy) datagram loop, for tests.
final class DTLSLoopback {
    enum Side: Sendable {
        case client
        case server
    }

    let client: DTLSTransport
    let server: DTLSTransport
    private(set) var clientEvents: [DTLSTransport.Event] = []
    private(set) var serverEvents: [DTLSTransport.Event] = []
    /// Every datagram either side asked to send, dropped ones included, in order.
    private(set) var datagrams: [(from: Side, bytes: [UInt8])] = []
    private(set) var retransmissions = 0
    private var inFlight: [(to: Side, bytes: [UInt8])] = []

    /// Whether to lose the `index`th flight (0-based, counted per sender) sent by `side`.
    var dropFlight: (_ side: Side, _ index: Int) -> Bool = { _, _ in false }
    private var flightsSent: [Side: Int] = [:]

    init(
        clientCertificate: DTLSCertificate? = nil,
        serverCertificate: DTLSCertificate? = nil,
        clientExpects: String? = nil,
        serverExpects: String? = nil,
        clientProfiles: [SRTPProtectionProfile] = SRTPProtectionProfile.allCases,
        mtu: Int = DTLSTransport.defaultMTU
    ) throws {
        let clientCertificate = try clientCertificate ?? DTLSCertificate.generate(commonName: "client")
        let serverCertificate = try serverCertificate ?? DTLSCertificate.generate(commonName: "server")
        client = try DTLSTransport(
            role: .client, certificate: clientCertificate,
            remoteFingerprint: clientExpects ?? serverCertificate.fingerprint,
            profiles: clientProfiles, mtu: mtu
        )
        server = try DTLSTransport(
            role: .server, certificate: serverCertificate,
            remoteFingerprint: serverExpects ?? clientCertificate.fingerprint,
            profiles: SRTPProtectionProfile.allCases, mtu: mtu
        )
    }

    var clientKeys: SRTPKeyingMaterial? { Self.keys(in: clientEvents) }
    var serverKeys: SRTPKeyingMaterial? { Self.keys(in: serverEvents) }

    static func keys(in events: [DTLSTransport.Event]) -> SRTPKeyingMaterial? {
        for case .connected(let keys) in events { return keys }
        return nil
    }

    static func failure(in events: [DTLSTransport.Event]) -> RTCError? {
        for case .failed(let error) in events { return error }
        return nil
    }

    /// Starts the client and exchanges datagrams until nothing is in flight.
    func connect() {
        handle(client.start(), from: .client)
        deliverAll()
    }

    /// Delivers everything in flight, then, while the handshake is unfinished, sleeps until the earliest
    /// retransmission timer is due and fires every due timer, at most `timerRounds` times.
    func settle(timerRounds: Int = 0) async throws {
        deliverAll()
        for _ in 0..<timerRounds {
            guard !(client.isConnected && server.isConnected),
                let due = [client.timeout, server.timeout].compactMap({ $0 }).min()
            else { return }
            try await Task.sleep(for: .milliseconds(Int(due * 1000) + 20))
            for side in [Side.client, .server] {
                let transport = side == .client ? client : server
                if let remaining = transport.timeout, remaining <= 0 {
                    retransmissions += 1
                    handle(transport.handleTimeout(), from: side)
                }
            }
            deliverAll()
        }
    }

    /// Delivers queued datagrams, and those they cause, until nothing is in flight.
    func deliverAll() {
        while !inFlight.isEmpty {
            let (to, bytes) = inFlight.removeFirst()
            inject(bytes, to: to)
        }
    }

    /// Delivers a datagram to one side as if it came from the other.
    func inject(_ datagram: [UInt8], to side: Side) {
        let transport = side == .client ? client : server
        handle(transport.receive(datagram), from: side)
    }

    func handle(_ events: [DTLSTransport.Event], from side: Side) {
        switch side {
        case .client: clientEvents += events
        case .server: serverEvents += events
        }
        let sends = events.compactMap { event -> [UInt8]? in
            if case .send(let datagram) = event { return datagram }
            return nil
        }
        guard !sends.isEmpty else { return }
        let index = flightsSent[side, default: 0]
        flightsSent[side] = index + 1
        datagrams += sends.map { (side, $0) }
        guard !dropFlight(side, index) else { return }
        inFlight += sends.map { (side == .client ? .server : .client, $0) }
    }
}
