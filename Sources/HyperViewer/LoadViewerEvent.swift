/// What a load viewer reports as it goes, in order, on `LoadViewer.events`.
public enum LoadViewerEvent: Sendable, Equatable {
    /// The DTLS handshake finished with the server's certificate; SRTP keys are in place.
    case connected
    /// A verifying viewer reassembled (and perhaps decoded) a frame.
    case frame(LoadViewerFrame)
    /// A verifying viewer received a sequence number it already had; `identicalToOriginal` says whether the SRTP
    /// bytes match the first copy, which under the same keys and packet index means the same RTP header and payload.
    case retransmission(sequenceNumber: UInt16, identicalToOriginal: Bool)
    /// The server ended the association with close_notify.
    case closed
    /// The viewer gave up; the reason is for the log.
    case failed(String)
}
