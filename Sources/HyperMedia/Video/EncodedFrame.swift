/// One compressed frame as the encoder emitted it, ready for an RTP packetizer or an IVF file.
public struct EncodedFrame: Sendable, Equatable {
    /// The codec bitstream of the frame.
    public var data: [UInt8]
    /// Presentation time in ticks of the 90 kHz RTP video clock.
    public var pts: Int64
    /// How long the frame shows, in 90 kHz ticks.
    public var duration: Int64
    /// Whether the frame decodes on its own (a receiver can start or recover here).
    public var isKeyframe: Bool
    /// The temporal layer, 0 for the base layer (always 0 without temporal layering).
    public var temporalLayer: Int

    public init(data: [UInt8], pts: Int64, duration: Int64, isKeyframe: Bool, temporalLayer: Int) {
        self.data = data
        self.pts = pts
        self.duration = duration
        self.isKeyframe = isKeyframe
        self.temporalLayer = temporalLayer
    }
}
