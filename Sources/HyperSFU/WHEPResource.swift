/// A created WHEP viewer resource: where it lives and the SDP answer.
public struct WHEPResource: Sendable, Equatable {
    public var viewerID: String
    public var sessionID: String
    public var answer: String
    public var etag: String
}
