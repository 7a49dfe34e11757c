/// A vertex after the transform stage: screen position, depth, thickness scale and shaded colour.
struct ProjectedVertex {
    var x: Float
    var y: Float
    var depth: Float
    var thickness: Float
    var r: Float
    var g: Float
    var b: Float
    var visible: Bool
}
