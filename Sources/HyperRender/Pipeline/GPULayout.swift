/// A vertex as the transform shader reads it (std430 `ModelVertex`): model position and owning object.
struct ModelVertex {
    var position: SIMD4<Float>
    var object: SIMD4<UInt32>
}

/// A primitive as the bin and raster shaders read it: `kind | eye << 8` and three projected-vertex indices.
enum PrimitiveKind: UInt32 {
    case vertexDisc = 0
    case edge = 1
    case triangle = 2
}

/// Per-object shader parameters (std430 `ObjectParams`, 224 bytes).
struct ObjectUniform {
    var rotation: [Float]  // 16, column major
    var position: SIMD4<Float>
    var stops: [SIMD3<Float>]  // 2...8
    var scale: Float
    var wMin: Float
    var wMax: Float

    static let floatCount = 56

    func encoded() -> [Float] {
        var out = rotation
        out += [position.x, position.y, position.z, position.w]
        for index in 0..<8 {
            let stop = stops[min(index, stops.count - 1)]
            out += [stop.x, stop.y, stop.z, 0]
        }
        out += [scale, wMin, wMax, Float(stops.count)]
        return out
    }
}

/// Per-frame shader parameters (std430 `FrameParams`, 208 bytes): camera, sizes, tiles, I420 layout, style, and
/// where each primitive group starts (`SceneGeometry.groupStarts`).
struct FrameUniform {
    var view: [Float]  // 16, column major
    var background: SIMD3<Float>
    var width: UInt32
    var height: UInt32
    var eyeCount: UInt32
    var vertexCount: UInt32
    var tilesX: UInt32
    var tilesY: UInt32
    var wordsPerTile: UInt32
    var primitiveCount: UInt32
    var yStride: UInt32
    var uvStride: UInt32
    var uOffset: UInt32
    var vOffset: UInt32
    var projectionKind: Float
    var projectionParameter: Float
    var focal: Float
    var halfEyeSeparation: Float
    var edgeRadius: Float
    var vertexRadius: Float
    var edgeOpacity: Float
    var faceOpacity: Float
    var antialias: Float
    var depthCue: Float
    var depthNear: Float
    var depthFar: Float
    var groupStarts: [UInt32]  // 7: kind × 2 + eye, then the total

    static let byteCount = 208

    func encoded() -> [UInt32] {
        var out = view.map(\.bitPattern)
        out += [background.x, background.y, background.z, 1].map(\.bitPattern)
        out += [width, height, eyeCount, vertexCount]
        out += [tilesX, tilesY, wordsPerTile, primitiveCount]
        out += [yStride, uvStride, uOffset, vOffset]
        out += [projectionKind, projectionParameter, focal, halfEyeSeparation].map(\.bitPattern)
        out += [edgeRadius, vertexRadius, edgeOpacity, faceOpacity].map(\.bitPattern)
        out += [antialias, depthCue, depthNear, depthFar].map(\.bitPattern)
        out += groupStarts + [groupStarts.last ?? 0]
        return out
    }
}
