/// One entry of a full intra request (RFC 5104 §4.3.1): the source asked for a keyframe and the request's number,
/// which a repeated request keeps and a new one increments.
public struct FullIntraRequestEntry: Equatable, Sendable {
    public var ssrc: UInt32
    public var sequence: UInt8

    public init(ssrc: UInt32, sequence: UInt8) {
        self.ssrc = ssrc
        self.sequence = sequence
    }
}
