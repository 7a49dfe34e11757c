/// Limits and timers of an `SCTPAssociation`; the defaults suit small messages from browsers and aiortc.
public struct SCTPConfiguration: Sendable {
    /// The largest message accepted or sent, as announced with `a=max-message-size` (RFC 8841 §6).
    public var maxMessageSize = 65_536
    /// The most streams we accept from the peer and open towards it; the INIT's counts can lower them.
    public var inboundStreams: UInt16 = 1024
    public var outboundStreams: UInt16 = 1024
    /// Bytes of fragments and out-of-order messages we buffer, advertised as a_rwnd.
    public var receiveWindow: UInt32 = 262_144
    /// A fixed congestion window: unacknowledged bytes never exceed it (or the peer's window).
    public var maxBytesInFlight = 16_384
    /// Bytes of reliable messages that may wait for the window before `send` refuses more.
    public var sendBufferSize = 262_144
    /// The largest SCTP packet sent, leaving room for DTLS, UDP and IP in a 1280-byte path.
    public var maxPacketSize = 1200
    /// Seconds before unacknowledged data is first retransmitted (RFC 4960 §6.3.1 RTO.Initial is 3 s; 1 s suits
    /// WebRTC, as RFC 8831 §6.2 allows); each expiry doubles it.
    public var initialRetransmissionTimeout: Double = 1
    /// Retransmissions of a reliable chunk before the association is given up (RFC 4960 Association.Max.Retrans).
    public var maxRetransmissions = 5
    /// How long a state cookie from INIT-ACK stays valid (RFC 4960 §15 Valid.Cookie.Life).
    public var cookieLifetime: Double = 60
    /// Seconds a SACK may be delayed when nothing else prompts it (RFC 4960 §6.2).
    public var sackDelay: Double = 0.2

    public init() {}
}
