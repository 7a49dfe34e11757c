/// What the server needs to build an association, handed to the peer in INIT-ACK and taken back from COOKIE-ECHO,
/// so that an INIT allocates nothing (RFC 4960 §5.1.3).
///
/// The cookie is signed with HMAC-SHA256 under a per-association random key. DTLS already authenticates the peer, so
/// the signature is not what keeps strangers out; it stops the peer from choosing our verification tag, initial TSN
/// or stream counts, and makes a cookie from another association (another key) worthless.
struct SCTPStateCookie: Equatable, Sendable {
    static let signatureLength = 32
    static let bodyLength = 33

    var localTag: UInt32
    var localInitialTSN: UInt32
    var peerTag: UInt32
    var peerInitialTSN: UInt32
    var peerWindow: UInt32
    var inboundStreams: UInt16
    var outboundStreams: UInt16
    var peerSupportsForwardTSN: Bool
    /// The caller's clock when the INIT-ACK was built, for the cookie's lifetime.
    var createdAt: Double
}

extension SCTPStateCookie {
    /// Opens a cookie, or nil when its length or signature is wrong.
    init?(opening bytes: [UInt8], key: [UInt8]) {
        guard bytes.count == Self.bodyLength + Self.signatureLength else { return nil }
        let body = Array(bytes.prefix(Self.bodyLength))
        guard
            MessageAuthenticationCode.constantTimeEqual(
                Self.signature(body, key: key), bytes.suffix(Self.signatureLength))
        else {
            return nil
        }
        localTag = SCTPWire.uint32(body, at: 0)
        localInitialTSN = SCTPWire.uint32(body, at: 4)
        peerTag = SCTPWire.uint32(body, at: 8)
        peerInitialTSN = SCTPWire.uint32(body, at: 12)
        peerWindow = SCTPWire.uint32(body, at: 16)
        inboundStreams = SCTPWire.uint16(body, at: 20)
        outboundStreams = SCTPWire.uint16(body, at: 22)
        peerSupportsForwardTSN = body[24] != 0
        let createdAtBits = UInt64(SCTPWire.uint32(body, at: 25)) << 32 | UInt64(SCTPWire.uint32(body, at: 29))
        createdAt = Double(bitPattern: createdAtBits)
    }

    func sealed(key: [UInt8]) -> [UInt8] {
        var body: [UInt8] = []
        for value in [localTag, localInitialTSN, peerTag, peerInitialTSN, peerWindow] {
            SCTPWire.append(value, to: &body)
        }
        SCTPWire.append(inboundStreams, to: &body)
        SCTPWire.append(outboundStreams, to: &body)
        body.append(peerSupportsForwardTSN ? 1 : 0)
        SCTPWire.append(UInt32(createdAt.bitPattern >> 32), to: &body)
        SCTPWire.append(UInt32(createdAt.bitPattern & 0xFFFF_FFFF), to: &body)
        return body + Self.signature(body, key: key)
    }

    private static func signature(_ body: [UInt8], key: [UInt8]) -> [UInt8] {
        MessageAuthenticationCode.sha256.code(key: key, message: body)
    }
}
