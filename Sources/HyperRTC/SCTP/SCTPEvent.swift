/// What an `SCTPAssociation` reports to its owner after a packet or a timeout.
public enum SCTPEvent: Equatable, Sendable {
    /// The peer's COOKIE-ECHO was accepted: data channels can open.
    case established
    /// The peer opened a data channel with DATA_CHANNEL_OPEN; it has been acknowledged.
    case channelOpened(DataChannel)
    /// A whole message arrived on an open channel; `binary` is false for a string (PPID 51 or 56).
    case message(channel: UInt16, binary: Bool, bytes: [UInt8])
    /// The peer reset the channel's stream, which closes it (RFC 8831 §6.7).
    case channelClosed(UInt16)
    /// The association ended: ABORT, SHUTDOWN, or the peer stopped acknowledging reliable data.
    case closed(reason: String)
}
