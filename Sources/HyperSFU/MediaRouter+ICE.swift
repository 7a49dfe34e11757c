import HyperRTC
import Logging
import Metrics
import NIOCore

/// Inbound datagrams and ICE: demultiplexing (RFC 7983) by remote address, ICE username or check transaction ID, and
/// RFC 7675 consent before an address gets anything but STUN. STUN responses leave through the socket the request
/// came in on; everything else to a viewer through the socket its latest nomination came in on (`Viewer.socket`).
extension MediaRouter {
    /// DTLS datagrams held per viewer until its nominated address answers our check.
    static let heldDTLSLimit = 8

    /// Handles one datagram from `address` that arrived on media socket `socket` at `now` (seconds on the router's
    /// clock).
    func receive(_ bytes: [UInt8], from address: SocketAddress, on socket: Int = 0, now: Double) {
        let kind = PacketKind.classify(bytes)
        var viewer = viewersByAddress[address]
        if kind == .stun {
            if let ufrag = ICELiteAgent.localUfrag(inRequest: bytes) {
                viewer = viewer ?? viewersByUfrag[ufrag]
            } else if let transactionID = ICELiteAgent.transactionID(ofResponse: bytes) {
                viewer = viewersByCheck[transactionID]
            }
        } else if viewer == nil, kind == .dtls {
            viewer = viewersByNomination[address]
        }
        guard let viewer else {
            unroutableDatagrams += 1
            badDatagrams.increment()
            return
        }
        switch kind {
        case .stun:
            handleSTUN(bytes, from: address, on: socket, viewer: viewer, now: now)
        case .dtls:
            if viewer.socketAddress == address {
                handle(viewer.dtls.receive(bytes), viewer: viewer, now: now)
            } else if viewer.socketAddress == nil, viewer.nominatedSocketAddress == address {
                viewer.ice.receivedOther(byteCount: bytes.count, from: Self.rtcAddress(address))
                if viewer.heldDTLS.count < Self.heldDTLSLimit { viewer.heldDTLS.append(bytes) }
            }
        case .rtcp:
            handleRTCP(bytes, viewer: viewer, now: now)
        case .rtp, .unknown:
            badDatagrams.increment()
        }
    }

    private func handleSTUN(_ bytes: [UInt8], from address: SocketAddress, on socket: Int, viewer: Viewer, now: Double)
    {
        let actions = viewer.ice.receive(bytes, from: Self.rtcAddress(address), now: now)
        followNomination(bytes, from: address, on: socket, answered: actions, viewer: viewer)
        perform(actions, for: viewer, source: (address, socket), now: now)
        syncICERoutes(of: viewer, source: address)
        transmitter.flush()
    }

    /// A nomination names the pair the viewer uses, our half included: the accepted Binding request that nominates an
    /// address, or that carries USE-CANDIDATE from the nominated or selected address, gives that address the socket it
    /// came in on. Only the socket changes, never the destination, so this needs no consent check.
    private func followNomination(
        _ bytes: [UInt8], from address: SocketAddress, on socket: Int, answered actions: [ICELiteAgent.Action],
        viewer: Viewer
    ) {
        let remote = Self.rtcAddress(address)
        guard remote == viewer.ice.nominatedAddress || remote == viewer.ice.selectedAddress,
            let request = try? STUNMessage(parsing: bytes), request.messageClass == .request,
            actions.contains(where: { action in
                guard case .send(let response, remote) = action else { return false }
                return (try? STUNMessage(parsing: response))?.messageClass == .successResponse
            })
        else { return }
        let useCandidate = request.attributes.contains(.useCandidate)
        if remote == viewer.ice.nominatedAddress,
            useCandidate || viewer.nominatedSocketAddress.map(Self.rtcAddress) != remote
        {
            viewer.nominatedSocket = socket
        }
        if remote == viewer.ice.selectedAddress, useCandidate { viewer.socket = socket }
    }

    /// The agent's timers for every viewer: check retransmissions, giving up on silent addresses, consent checks.
    func tickICE(of viewer: Viewer, now: Double) {
        let actions = viewer.ice.handleTimeout(now: now)
        guard !actions.isEmpty else { return }
        perform(actions, for: viewer, source: nil, now: now)
        syncICERoutes(of: viewer, source: nil)
    }

    private func perform(
        _ actions: [ICELiteAgent.Action], for viewer: Viewer, source: (address: SocketAddress, socket: Int)?,
        now: Double
    ) {
        for action in actions {
            switch action {
            case .send(let datagram, let to):
                guard let destination = socketAddress(for: to, of: viewer, source: source?.address) else { continue }
                send(datagram, to: destination, on: socket(for: datagram, to: to, of: viewer, source: source))
            case .selected(let selected):
                guard let address = socketAddress(for: selected, of: viewer, source: source?.address) else { continue }
                select(address, for: viewer, now: now)
            case .rejected(let reason):
                badDatagrams.increment()
                logger.debug("ICE: \(reason)", metadata: ["viewer": "\(viewer.id)"])
            }
        }
    }

    /// Media, DTLS and retransmissions go to `address` from now on: it answered our consent check.
    private func select(_ address: SocketAddress, for viewer: Viewer, now: Double) {
        viewer.iceRestartedAt = nil
        if let previous = viewer.socketAddress, viewersByAddress[previous] === viewer {
            viewersByAddress[previous] = nil
        }
        viewer.socketAddress = address
        viewer.socket = viewer.nominatedSocket
        if viewer.joinTimeline != nil, viewer.joinTimeline?.iceSelected == nil { viewer.joinTimeline?.iceSelected = now }
        viewersByAddress[address] = viewer
        let held = viewer.nominatedSocketAddress == address ? viewer.heldDTLS : []
        viewer.heldDTLS = []
        for datagram in held where viewer.state == .connecting {
            handle(viewer.dtls.receive(datagram), viewer: viewer, now: now)
        }
    }

    /// Mirrors the agent's nomination and outstanding check in the router's maps, after every call into the agent.
    func syncICERoutes(of viewer: Viewer, source: SocketAddress?) {
        let check = viewer.ice.outstandingCheck
        if viewer.routedCheck != check {
            if let old = viewer.routedCheck, viewersByCheck[old] === viewer { viewersByCheck[old] = nil }
            if let check { viewersByCheck[check] = viewer }
            viewer.routedCheck = check
        }
        let nominated = viewer.ice.nominatedAddress
        if let current = viewer.nominatedSocketAddress, Self.rtcAddress(current) != nominated {
            if viewersByNomination[current] === viewer { viewersByNomination[current] = nil }
            viewer.nominatedSocketAddress = nil
            viewer.heldDTLS = []
        }
        if viewer.nominatedSocketAddress == nil, let nominated, let source, Self.rtcAddress(source) == nominated {
            viewer.nominatedSocketAddress = source
            viewersByNomination[source] = viewer
        }
    }

    /// Drops a leaving viewer's check and nomination routes.
    func forgetICERoutes(of viewer: Viewer) {
        if let check = viewer.routedCheck, viewersByCheck[check] === viewer { viewersByCheck[check] = nil }
        if let nominated = viewer.nominatedSocketAddress, viewersByNomination[nominated] === viewer {
            viewersByNomination[nominated] = nil
        }
        viewer.routedCheck = nil
        viewer.nominatedSocketAddress = nil
        viewer.heldDTLS = []
    }

    /// The socket address of one of the agent's addresses: the datagram's source, the viewer's nominated or selected
    /// address, or else parsed.
    private func socketAddress(for address: RTCAddress, of viewer: Viewer, source: SocketAddress?) -> SocketAddress? {
        for known in [source, viewer.nominatedSocketAddress, viewer.socketAddress] {
            if let known, Self.rtcAddress(known) == address { return known }
        }
        return try? SocketAddress(ipAddress: address.host, port: address.port)
    }

    /// The socket a datagram of the agent's leaves through: a response through the socket of the request it answers, a
    /// check through the nominated or selected address's socket.
    private func socket(
        for datagram: [UInt8], to address: RTCAddress, of viewer: Viewer, source: (address: SocketAddress, socket: Int)?
    ) -> Int {
        if let source, Self.rtcAddress(source.address) == address,
            ICELiteAgent.transactionID(ofResponse: datagram) != nil
        {
            return source.socket
        }
        if address == viewer.ice.nominatedAddress { return viewer.nominatedSocket }
        if address == viewer.ice.selectedAddress { return viewer.socket }
        return source?.socket ?? viewer.socket
    }

    static func rtcAddress(_ address: SocketAddress) -> RTCAddress {
        RTCAddress(host: address.ipAddress ?? "", port: address.port ?? 0)
    }
}
