import HyperGeometry
import HyperScene

/// The vertices and primitives (vertex discs, edges, face triangles, per eye) that one frame draws.
struct SceneGeometry {
    var vertices: [ModelVertex]
    var primitives: [SIMD4<UInt32>]

    /// The raster stage keeps one bit per primitive per tile in shared memory (1024 words).
    static let maximumPrimitives = 32 * 1024

    init(polytopes: [Polytope], style: RenderStyle, eyeCount: Int) throws(RenderError) {
        var vertices: [ModelVertex] = []
        var perEye: [(PrimitiveKind, UInt32, UInt32, UInt32)] = []
        for (object, polytope) in polytopes.enumerated() {
            let base = UInt32(vertices.count)
            for p in polytope.vertices {
                vertices.append(
                    ModelVertex(
                        position: SIMD4(Float(p.x), Float(p.y), Float(p.z), Float(p.w)),
                        object: SIMD4(UInt32(object), 0, 0, 0)
                    )
                )
            }
            if style.faces && style.faceOpacity > 0 {
                for (a, b, c) in polytope.triangulatedFaces() {
                    perEye.append((.triangle, base + UInt32(a), base + UInt32(b), base + UInt32(c)))
                }
            }
            if style.edgeWidth > 0 {
                for edge in polytope.edges {
                    perEye.append((.edge, base + UInt32(edge.a), base + UInt32(edge.b), base + UInt32(edge.b)))
                }
            }
            if style.vertexRadius > 0 {
                for index in polytope.vertices.indices {
                    let v = base + UInt32(index)
                    perEye.append((.vertexDisc, v, v, v))
                }
            }
        }
        let count = perEye.count * eyeCount
        guard count <= Self.maximumPrimitives else {
            throw RenderError(
                .sceneTooComplex,
                "the scene needs \(count) primitives per frame; at most \(Self.maximumPrimitives) fit "
                    + "(turn faces off or use fewer segments)"
            )
        }
        let vertexCount = UInt32(vertices.count)
        var primitives: [SIMD4<UInt32>] = []
        primitives.reserveCapacity(count)
        for eye in 0..<UInt32(eyeCount) {
            let offset = eye * vertexCount
            for (kind, a, b, c) in perEye {
                primitives.append(SIMD4(kind.rawValue | eye << 8, a + offset, b + offset, c + offset))
            }
        }
        self.vertices = vertices
        self.primitives = primitives
    }
}
