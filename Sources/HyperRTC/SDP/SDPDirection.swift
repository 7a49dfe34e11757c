/// The media direction attribute of an SDP m-section (RFC 8866 §6.7), from its sender's point of view.
public enum SDPDirection: String, Sendable {
    case sendrecv, sendonly, recvonly, inactive
}
