/// One chunk of an RTCP source description (RFC 3550 §6.5): a source and its canonical name, other items dropped.
public struct SourceDescriptionChunk: Equatable, Sendable {
    public var ssrc: UInt32
    /// The CNAME item; at most 255 UTF-8 bytes go on the wire.
    public var cname: String?

    public init(ssrc: UInt32, cname: String?) {
        self.ssrc = ssrc
        self.cname = cname
    }
}
