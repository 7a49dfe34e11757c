extension RenderStyle {
    static let jsonKeys = ["edgeWidth", "vertexRadius", "edgeOpacity", "faces", "faceOpacity", "antialias", "depthCue"]
    /// Edge widths and vertex radii are pixels at 1080 lines; larger values are surely mistakes.
    static let sizeRange = 0.0...64

    /// Reads a style object; absent keys keep the values of `RenderStyle.standard`.
    init(json node: JSONNode) throws(SceneError) {
        let object = try node.object(keys: Self.jsonKeys)
        self = .standard
        if let width = object["edgeWidth"] { edgeWidth = try width.number(in: Self.sizeRange) }
        if let radius = object["vertexRadius"] { vertexRadius = try radius.number(in: Self.sizeRange) }
        if let opacity = object["edgeOpacity"] { edgeOpacity = try opacity.number(in: 0...1) }
        if let faces = object["faces"] { self.faces = try faces.bool() }
        if let opacity = object["faceOpacity"] { faceOpacity = try opacity.number(in: 0...1) }
        if let antialias = object["antialias"] { self.antialias = try antialias.bool() }
        if let depthCue = object["depthCue"] { self.depthCue = try depthCue.number(in: 0...1) }
    }
}
