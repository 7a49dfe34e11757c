/// A created WHEP viewer resource: where it lives and the SDP answer.
public struct WHEPResource: Sendable, Equatable {
    public var viewerID: String
    public var sessionID: String
    public var answer: String
    public var etag: String

    public init(viewerID: String, sessionID: String, answer: String, etag: String) {
        self.viewerID = viewerID
        self.sessionID = sessionID
        self.answer = answer
        self.etag = etag
    }
}
