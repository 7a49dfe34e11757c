public import HyperMedia
public import HyperScene

/// What one live render session streams: the scene, picture size, frame rate, codec and starting bitrate.
public struct SessionSettings: Sendable, Equatable {
    public var sceneName: String
    public var scene: Scene
    public var width: Int
    public var height: Int
    public var framesPerSecond: Double
    public var codec: VideoCodec
    public var bitrate: Int

    /// Width × height × frames per second: what a render of this size costs the GPU (the budget's unit).
    public static func pixelRate(width: Int, height: Int, framesPerSecond: Double) -> Int {
        Int((Double(width * height) * framesPerSecond).rounded(.up))
    }

    public var pixelRate: Int {
        Self.pixelRate(width: width, height: height, framesPerSecond: framesPerSecond)
    }

    public init(
        sceneName: String,
        scene: Scene,
        width: Int,
        height: Int,
        framesPerSecond: Double,
        codec: VideoCodec = .vp8,
        bitrate: Int = 2_000_000
    ) {
        self.sceneName = sceneName
        self.scene = scene
        self.width = width
        self.height = height
        self.framesPerSecond = framesPerSecond
        self.codec = codec
        self.bitrate = bitrate
    }
}
