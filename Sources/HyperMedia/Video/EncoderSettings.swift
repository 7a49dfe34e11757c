/// How a `VideoEncoder` compresses: codec, frame size and rate, target bitrate and the realtime tuning knobs.
/// The defaults suit live streaming: constant bitrate, no lookahead, keyframes only on demand.
public struct EncoderSettings: Sendable, Equatable {
    /// Which codec to produce.
    public var codec: VideoCodec
    /// Frame width in pixels (even).
    public var width: Int
    /// Frame height in pixels (even).
    public var height: Int
    /// Nominal input frame rate; each frame lasts `90000 / framesPerSecond` ticks of the 90 kHz clock.
    public var framesPerSecond: Double
    /// Target bitrate in bits per second (libvpx works in whole kbit/s).
    public var bitrate: Int
    /// Encoder threads, 1...64.
    public var threads: Int = 1
    /// Speed against quality. VP8: -16...16, where a negative value fixes speed |n| (deterministic output) and a
    /// positive one lets libvpx pick the speed from the time each frame takes. VP9: -9...9, realtime needs >= 5.
    public var cpuUsed: Int
    /// The most frames between two keyframes, or `nil` for keyframes only on the first frame and on demand.
    public var keyframeInterval: Int?
    /// VP8 temporal layers, 1...3: layer 0 alone plays at a half (two layers) or a quarter (three) of the rate.
    public var temporalLayers: Int = 1
    /// VP8 DCT token partitions as a power of two, 0...3, so that decoders can use several threads.
    public var tokenPartitions: Int = 0
    /// Whether frames avoid depending on state that a lost packet would corrupt (entropy contexts).
    public var errorResilient: Bool = true
    /// VP9 tile columns as a power of two, 0...6 (libvpx lowers it to what the width allows).
    public var tileColumns: Int = 0
    /// Whether VP9 encodes rows of superblocks in parallel when `threads` > 1.
    public var rowMultithreading: Bool = true

    /// Realtime defaults for `codec`: VP8 fixed speed 6, VP9 speed 8.
    public init(codec: VideoCodec, width: Int, height: Int, framesPerSecond: Double, bitrate: Int) {
        self.codec = codec
        self.width = width
        self.height = height
        self.framesPerSecond = framesPerSecond
        self.bitrate = bitrate
        switch codec {
        case .vp8: cpuUsed = -6
        case .vp9: cpuUsed = 8
        }
    }
}
