import HyperGeometry
import HyperScene

/// The vertices and primitives (vertex discs, edges, face triangles, per eye) that one frame draws, grouped by
/// kind and then eye, so that the raster stage runs one loop per group with that kind's arithmetic only.
struct SceneGeometry {
    var vertices: [ModelVertex]
    var primitives: [SIMD4<UInt32>]
    /// Where each group (kind × 2 + eye, for kinds disc, edge, triangle and eyes 0, 1) starts in `primitives`,
    /// then the total: seven entries.
    var groupStarts: [UInt32]

    /// The bin stage keeps one bit per primitive per tile (1024 words a tile).
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
        var groupStarts: [UInt32] = []
        for kind in [PrimitiveKind.vertexDisc, .edge, .triangle] {
            for eye in 0..<UInt32(2) {
                groupStarts.append(UInt32(primitives.count))
                guard eye < eyeCount else { continue }
                let offset = eye * vertexCount
                for (primitiveKind, a, b, c) in perEye where primitiveKind == kind {
                    primitives.append(SIMD4(kind.rawValue | eye << 8, a + offset, b + offset, c + offset))
                }
            }
        }
        groupStarts.append(UInt32(primitives.count))
        self.vertices = vertices
        self.primitives = primitives
        self.groupStarts = groupStarts
    }
}
