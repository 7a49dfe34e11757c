/// One VP8 frame a verifying load viewer reassembled from RTP (and decoded, when it decodes).
public struct LoadViewerFrame: Sendable, Equatable {
    /// The frame's RTP timestamp on the 90 kHz clock.
    public var timestamp: UInt32
    /// The RFC 7741 picture ID, when the payload descriptor carries one.
    public var pictureID: UInt16?
    public var isKeyframe: Bool
    /// The payload descriptor's temporal layer (TID), when the sender marks layers.
    public var temporalLayer: UInt8?
    /// Compressed size in bytes.
    public var byteCount: Int
    /// The decoded picture size; nil when the viewer does not decode or the frame did not decode.
    public var decodedWidth: Int?
    public var decodedHeight: Int?
    /// When the frame's last missing packet arrived.
    public var arrival: ContinuousClock.Instant

    public init(
        timestamp: UInt32,
        pictureID: UInt16?,
        isKeyframe: Bool,
        byteCount: Int,
        decodedWidth: Int?,
        decodedHeight: Int?,
        arrival: ContinuousClock.Instant,
        temporalLayer: UInt8? = nil
    ) {
        self.temporalLayer = temporalLayer
        self.timestamp = timestamp
        self.pictureID = pictureID
        self.isKeyframe = isKeyframe
        self.byteCount = byteCount
        self.decodedWidth = decodedWidth
        self.decodedHeight = decodedHeight
        self.arrival = arrival
    }
}
