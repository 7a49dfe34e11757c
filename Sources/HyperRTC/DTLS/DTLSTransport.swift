internal import COpenSSL

/// One DTLS 1.2 association over datagrams, driven through an in-memory BIO: no sockets, no threads, no timers.
///
/// Feed it received DTLS records and, when `timeout` runs out, `handleTimeout()`; it answers with datagrams to send
/// and, once the peer's certificate matched its SDP fingerprint, the SRTP keys. After `.failed`, `.closed` or
/// `close()` it is dead and answers nothing. Not thread-safe: one association is driven from one place at a time.
public final class DTLSTransport {
    /// Default largest datagram written: fits the IPv6 minimum MTU with room for UDP and TURN framing.
    static let defaultMTU = 1200
    /// The largest DTLS record plaintext (2^14, RFC 6347 §4.1): any SCTP packet a peer may send in one record.
    static let maximumRecordBytes = 16384

    private enum Phase {
        case handshaking
        case connected
        case finished
    }

    /// Whether the handshake finished with the expected peer and the association has not ended since.
    public private(set) var isConnected = false

    private let role: DTLSRole
    private let ssl: OpaquePointer
    private let channel: DatagramChannel
    private let peerCheck: PeerCertificateCheck
    private var phase = Phase.handshaking

    /// - Parameter remoteFingerprint: the peer's a=fingerprint:sha-256 value ("AB:CD:…") from its SDP.
    public convenience init(
        role: DTLSRole,
        certificate: DTLSCertificate,
        remoteFingerprint: String
    ) throws(RTCError) {
        try self.init(
            role: role, certificate: certificate, remoteFingerprint: remoteFingerprint,
            profiles: SRTPProtectionProfile.allCases, mtu: Self.defaultMTU
        )
    }

    /// - Parameter profiles: the SRTP profiles offered (client) or accepted (server), in order of preference.
    init(
        role: DTLSRole,
        certificate: DTLSCertificate,
        remoteFingerprint: String,
        profiles: [SRTPProtectionProfile],
        mtu: Int
    ) throws(RTCError) {
        let expected = try CertificateFingerprint(sdpValue: remoteFingerprint)
        ERR_clear_error()
        guard let ssl = SSL_new(certificate.context.handle) else {
            throw RTCError.openSSL(.dtlsFailure, "SSL_new failed")
        }
        self.role = role
        self.ssl = ssl
        channel = DatagramChannel(mtu: mtu)
        peerCheck = PeerCertificateCheck(expected: expected)
        let bio = try channel.makeBIO()
        SSL_set_bio(ssl, bio, bio)
        let check = Unmanaged.passUnretained(peerCheck).toOpaque()
        guard SSL_set_ex_data(ssl, PeerCertificateCheck.exDataIndex, check) == 1 else {
            throw RTCError.openSSL(.dtlsFailure, "cannot attach the fingerprint check")
        }
        let profileList = profiles.map(\.rawValue).joined(separator: ":")
        guard SSL_set_tlsext_use_srtp(ssl, profileList) == 0 else {
            throw RTCError.openSSL(.dtlsFailure, "cannot offer SRTP profiles \"\(profileList)\"")
        }
        guard hc_ssl_set_mtu(ssl, mtu) > 0 else {
            throw RTCError.openSSL(.dtlsFailure, "cannot set the DTLS MTU to \(mtu)")
        }
        switch role {
        case .server: SSL_set_accept_state(ssl)
        case .client: SSL_set_connect_state(ssl)
        }
    }

    deinit {
        SSL_free(ssl)
    }

    /// Seconds until a retransmission is due (`handleTimeout()`), or nil when no timer runs.
    public var timeout: Double? {
        guard phase != .finished else { return nil }
        var remaining = timeval()
        guard hc_dtls_get_timeout(ssl, &remaining) == 1 else { return nil }
        return Double(remaining.tv_sec) + Double(remaining.tv_usec) / 1_000_000
    }

    /// Begins the handshake: the client's ClientHello; nothing for the server, which waits for one.
    public func start() -> [Event] {
        guard role == .client, phase == .handshaking else { return [] }
        defer { ERR_clear_error() }
        return advanceHandshake()
    }

    /// Processes one received datagram (RFC 7983: first byte 20...63); other datagrams are ignored.
    ///
    /// Returns the flights to send, then `.connected` once, `.failed` when the handshake or the peer's fingerprint
    /// fails, or `.closed` on the peer's close_notify; application data records after the handshake as
    /// `.applicationData`.
    public func receive(_ datagram: [UInt8]) -> [Event] {
        guard phase != .finished, let first = datagram.first, (20...63).contains(first) else { return [] }
        channel.inbound = datagram
        defer {
            channel.inbound = nil
            ERR_clear_error()
        }
        switch phase {
        case .handshaking: return advanceHandshake()
        case .connected: return readRecords()
        case .finished: return []
        }
    }

    /// Retransmits the last flight when `timeout` has run out; fails after OpenSSL's retransmission limit.
    public func handleTimeout() -> [Event] {
        guard phase != .finished else { return [] }
        ERR_clear_error()
        defer { ERR_clear_error() }
        let result = hc_dtls_handle_timeout(ssl)
        var events = outboundDatagrams()
        if result < 0 {
            events.append(fail(RTCError.openSSL(.dtlsFailure, "DTLS retransmission limit reached")))
        }
        return events
    }

    /// Encrypts one application data record (an SCTP packet) for the connected peer; nothing before the handshake
    /// finished or after the association ended.
    public func send(applicationData: [UInt8]) -> [Event] {
        guard phase == .connected, !applicationData.isEmpty else { return [] }
        ERR_clear_error()
        defer { ERR_clear_error() }
        let written = applicationData.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
        guard written > 0 else {
            return outboundDatagrams() + [fail(RTCError.openSSL(.dtlsFailure, "DTLS write failed"))]
        }
        return outboundDatagrams()
    }

    /// Sends close_notify when connected; the transport is dead afterwards and `close()` reports no `.closed`.
    public func close() -> [Event] {
        guard phase != .finished else { return [] }
        var events: [Event] = []
        if phase == .connected {
            ERR_clear_error()
            SSL_shutdown(ssl)
            ERR_clear_error()
            events = outboundDatagrams()
        }
        finish()
        return events
    }

    private func advanceHandshake() -> [Event] {
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        var events = outboundDatagrams()
        if result == 1 {
            events.append(completeHandshake())
            if phase == .connected {
                events += readRecords()
            }
            return events
        }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            break
        case SSL_ERROR_ZERO_RETURN:
            events += peerClosed()
        default:
            events.append(fail(handshakeError()))
        }
        return events
    }

    /// Checks the peer certificate once more and exports the SRTP keys of the finished handshake.
    private func completeHandshake() -> Event {
        guard let certificate = SSL_get1_peer_certificate(ssl) else {
            return fail(RTCError.openSSL(.dtlsFailure, "the peer presented no certificate"))
        }
        defer { X509_free(certificate) }
        guard peerCheck.accepts(certificate) else {
            return fail(fingerprintMismatch())
        }
        guard let selected = SSL_get_selected_srtp_profile(ssl),
            let profile = SRTPProtectionProfile(rawValue: String(cString: selected.pointee.name))
        else {
            return fail(RTCError.openSSL(.dtlsFailure, "the peer negotiated no supported SRTP profile"))
        }
        do {
            let keys = try SRTPKeyingMaterial(exportingFrom: ssl, profile: profile, role: role)
            phase = .connected
            isConnected = true
            return .connected(keys)
        } catch {
            return fail(error)
        }
    }

    /// Reads records after the handshake: answers retransmitted peer flights, hands application data on, and
    /// notices close_notify and fatal alerts.
    private func readRecords() -> [Event] {
        ERR_clear_error()
        var events: [Event] = []
        withUnsafeTemporaryAllocation(byteCount: Self.maximumRecordBytes, alignment: 1) { buffer in
            while true {
                let result = SSL_read(ssl, buffer.baseAddress, Int32(buffer.count))
                if result > 0 {
                    events.append(.applicationData(Array(buffer[..<Int(result)])))
                    continue
                }
                switch SSL_get_error(ssl, result) {
                case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                    events += outboundDatagrams()
                case SSL_ERROR_ZERO_RETURN:
                    events += outboundDatagrams() + peerClosed()
                default:
                    let error = RTCError.openSSL(.dtlsFailure, "DTLS association failed")
                    events += outboundDatagrams() + [fail(error)]
                }
                return
            }
        }
        return events
    }

    /// Answers the peer's close_notify with ours and reports `.closed`.
    private func peerClosed() -> [Event] {
        ERR_clear_error()
        SSL_shutdown(ssl)
        let events = outboundDatagrams()
        finish()
        return events + [.closed]
    }

    private func handshakeError() -> RTCError {
        if peerCheck.mismatch != nil {
            ERR_clear_error()
            return fingerprintMismatch()
        }
        return RTCError.openSSL(.dtlsFailure, "DTLS handshake failed")
    }

    private func fingerprintMismatch() -> RTCError {
        let presented = peerCheck.mismatch.map(\.description) ?? "an unreadable certificate"
        return RTCError(
            .fingerprintMismatch,
            "peer certificate \(presented) does not match the SDP fingerprint \(peerCheck.expected)"
        )
    }

    private func fail(_ error: RTCError) -> Event {
        finish()
        return .failed(error)
    }

    private func finish() {
        phase = .finished
        isConnected = false
    }

    private func outboundDatagrams() -> [Event] {
        channel.takeDatagrams().map(Event.send)
    }
}
