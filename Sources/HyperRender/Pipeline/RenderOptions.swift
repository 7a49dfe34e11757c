public import HyperScene

/// What to render: the picture size plus the scene's projection, camera and style, any of which callers
/// (command-line flags, feature flags) may override.
public struct RenderOptions: Sendable, Equatable {
    public static let maximumWidth = 7680
    public static let maximumHeight = 4320

    public var width: Int
    public var height: Int
    public var projection: SceneProjection
    public var camera: Camera
    public var style: RenderStyle

    public init(scene: Scene, width: Int, height: Int) throws(RenderError) {
        try Self.validate(width: width, height: height)
        self.width = width
        self.height = height
        self.projection = scene.projection
        self.camera = scene.camera
        self.style = scene.style
    }

    /// Sizes must be positive, even (I420 subsamples chroma 2×2) and at most 7680×4320.
    public static func validate(width: Int, height: Int) throws(RenderError) {
        guard width > 0, height > 0 else {
            throw RenderError(.invalidSize, "size \(width)x\(height): width and height must be positive")
        }
        guard width % 2 == 0, height % 2 == 0 else {
            throw RenderError(.invalidSize, "size \(width)x\(height): width and height must be even (I420 output)")
        }
        guard width <= maximumWidth, height <= maximumHeight else {
            throw RenderError(
                .invalidSize,
                "size \(width)x\(height): larger than the maximum \(maximumWidth)x\(maximumHeight)"
            )
        }
    }

    /// Parses `WIDTHxHEIGHT`, e.g. `1280x720`.
    public static func parseSize(_ text: String) throws(RenderError) -> (width: Int, height: Int) {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]) else {
            throw RenderError(.invalidSize, "size '\(text)': expected WIDTHxHEIGHT, e.g. 1280x720")
        }
        try validate(width: width, height: height)
        return (width, height)
    }
}
