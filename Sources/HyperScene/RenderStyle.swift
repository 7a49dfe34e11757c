/// How edges, vertices and faces are drawn; sizes are pixels at 1080 output lines and the renderer scales them.
public struct RenderStyle: Hashable, Sendable {
    /// Wireframe edges with translucent faces, antialiased, with moderate depth cueing.
    public static let standard = RenderStyle()

    /// Edge width in pixels at 1080 lines; 0 hides edges.
    public var edgeWidth: Double
    /// Vertex dot radius in pixels at 1080 lines; 0 hides vertices.
    public var vertexRadius: Double
    public var edgeOpacity: Double
    public var faces: Bool
    public var faceOpacity: Double
    public var antialias: Bool
    /// How much far edges darken, 0 (not at all) ... 1 (far edges fade to the background).
    public var depthCue: Double

    public init(
        edgeWidth: Double = 2.5,
        vertexRadius: Double = 3,
        edgeOpacity: Double = 0.9,
        faces: Bool = false,
        faceOpacity: Double = 0.12,
        antialias: Bool = true,
        depthCue: Double = 0.5
    ) {
        self.edgeWidth = edgeWidth
        self.vertexRadius = vertexRadius
        self.edgeOpacity = edgeOpacity
        self.faces = faces
        self.faceOpacity = faceOpacity
        self.antialias = antialias
        self.depthCue = depthCue
    }
}
