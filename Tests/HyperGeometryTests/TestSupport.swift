import HyperGeometry
import Testing

/// SplitMix64: a tiny seeded generator, so the randomised checks are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Vector4 {
    /// A uniformly distributed direction on the unit 3-sphere.
    static func randomUnit(using generator: inout SplitMix64) -> Vector4 {
        while true {
            let candidate = Vector4(
                .random(in: -1...1, using: &generator),
                .random(in: -1...1, using: &generator),
                .random(in: -1...1, using: &generator),
                .random(in: -1...1, using: &generator)
            )
            if (1e-4...1).contains(candidate.lengthSquared) { return candidate.normalized() }
        }
    }
}

func isClose(_ a: Double, _ b: Double, tolerance: Double = 1e-9) -> Bool {
    abs(a - b) <= tolerance
}

func isClose(_ a: Vector4, _ b: Vector4, tolerance: Double = 1e-9) -> Bool {
    (a - b).length <= tolerance
}

func isClose(_ a: Vector3, _ b: Vector3, tolerance: Double = 1e-9) -> Bool {
    (a - b).length <= tolerance
}

func isClose(_ a: Matrix4, _ b: Matrix4, tolerance: Double = 1e-9) -> Bool {
    (0..<4).allSatisfy { row in
        (0..<4).allSatisfy { column in isClose(a[row, column], b[row, column], tolerance: tolerance) }
    }
}

func edgeLength(_ edge: Edge, in polytope: Polytope) -> Double {
    (polytope.vertices[edge.a] - polytope.vertices[edge.b]).length
}

/// Whether all points lie in one affine plane: nothing is left after removing the components along two
/// Gram–Schmidt directions taken from the points themselves.
func isPlanar(_ points: [Vector4], tolerance: Double = 1e-9) -> Bool {
    guard let origin = points.first else { return true }
    var basis: [Vector4] = []
    for point in points.dropFirst() {
        var residual = point - origin
        for direction in basis {
            residual -= direction * residual.dot(direction)
        }
        if residual.length > tolerance {
            if basis.count == 2 { return false }
            basis.append(residual.normalized())
        }
    }
    return true
}

/// Checks the combinatorial invariants every generated polytope must satisfy: edges are normalised, in range and
/// distinct; faces are distinct closed cycles of existing edges and planar.
func expectWellFormed(_ polytope: Polytope, sourceLocation: SourceLocation = #_sourceLocation) {
    let vertexRange = polytope.vertices.indices
    let edgeSet = Set(polytope.edges)
    #expect(edgeSet.count == polytope.edges.count, "duplicate edges", sourceLocation: sourceLocation)
    #expect(
        polytope.edges.allSatisfy { $0.a < $0.b && vertexRange.contains($0.a) && vertexRange.contains($0.b) },
        "edges must be stored with a < b and index existing vertices",
        sourceLocation: sourceLocation
    )
    for face in polytope.faces {
        #expect(face.count >= 3 && Set(face).count == face.count, "face \(face)", sourceLocation: sourceLocation)
        let closed = face.indices.allSatisfy { edgeSet.contains(Edge(face[$0], face[($0 + 1) % face.count])) }
        #expect(closed, "face \(face) is not a closed cycle of edges", sourceLocation: sourceLocation)
        #expect(isPlanar(face.map { polytope.vertices[$0] }), "face \(face) not planar", sourceLocation: sourceLocation)
    }
    let distinctFaces = Set(polytope.faces.map { Set($0) })
    #expect(distinctFaces.count == polytope.faces.count, "duplicate faces", sourceLocation: sourceLocation)
}

/// Checks that all edges share one length, and returns it.
@discardableResult
func expectUniformEdgeLength(_ polytope: Polytope, sourceLocation: SourceLocation = #_sourceLocation) -> Double {
    let lengths = polytope.edges.map { edgeLength($0, in: polytope) }
    let reference = lengths.first ?? 0
    #expect(lengths.allSatisfy { isClose($0, reference) }, "edge lengths differ", sourceLocation: sourceLocation)
    return reference
}

func expectOnUnitSphere(_ polytope: Polytope, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(
        polytope.vertices.allSatisfy { isClose($0.length, 1) },
        "vertices must lie on the unit 3-sphere",
        sourceLocation: sourceLocation
    )
}
