/// Packets, chunks and messages an `SCTPAssociation` discarded, by reason, for metrics and logs.
public struct SCTPCounters: Equatable, Sendable {
    /// Packets whose CRC32c did not match.
    public var badChecksum = 0
    /// Packets whose verification tag was not ours (RFC 4960 §8.5).
    public var badVerificationTag = 0
    /// Packets too short, with a chunk running past the end, or with a malformed chunk we must read.
    public var malformed = 0
    /// Packets with no association to go to, or a COOKIE-ECHO that is forged, expired or for another association.
    public var outOfTheBlue = 0
    /// DATA chunks refused: receive buffer full, TSN too far ahead, unknown stream, or a message on no channel.
    public var droppedChunks = 0
    /// Received messages larger than the configured maximum.
    public var oversizedMessages = 0
    /// Messages `send` dropped because the window or send buffer was full.
    public var droppedOutgoingMessages = 0

    /// Every packet discarded whole.
    public var droppedPackets: Int { badChecksum + badVerificationTag + malformed + outOfTheBlue }

    public init() {}
}
