/// A parsed SDP offer or answer (RFC 8866) reduced to what a WebRTC answerer needs.
public struct SessionDescription: Equatable, Sendable {
    public var media: [MediaDescription]
    /// The identification tags of each `a=group:BUNDLE` line (RFC 8843).
    public var bundleGroups: [[String]]
    /// Whether the description's author is an ICE-lite agent (`a=ice-lite`).
    public var iceLite: Bool
    /// Session-level `a=` lines not decoded elsewhere, in order.
    public var attributes: [SDPAttribute]

    public init(
        media: [MediaDescription], bundleGroups: [[String]] = [], iceLite: Bool = false,
        attributes: [SDPAttribute] = []
    ) {
        self.media = media
        self.bundleGroups = bundleGroups
        self.iceLite = iceLite
        self.attributes = attributes
    }

    /// Parses SDP text with `\r\n` or `\n` line ends; errors name the line, as in
    /// `SDP line 7: m= needs '<media> <port> <proto> <fmt> …', got 'm=video'`. A description past `limits` is
    /// refused with `.sdpTooLarge` as soon as the parser gets there.
    public init(parsing text: String, limits: SDPLimits = .offers) throws(RTCError) {
        var parser = SessionDescriptionParser(limits: limits)
        self = try parser.parse(text)
    }
}
