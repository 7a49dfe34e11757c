/// Which side of the DTLS handshake we play; a WebRTC server answering with a=setup:passive is always `.server`.
public enum DTLSRole: Sendable {
    case server
    case client
}
