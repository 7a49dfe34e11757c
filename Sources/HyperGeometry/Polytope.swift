/// A polytope embedded in 4D, described by its vertices, edges and polygonal 2-faces plus the number of its 3-cells;
/// what a renderer needs to draw wireframes and translucent faces.
public struct Polytope: Sendable {
    public var name: String
    public var vertices: [Vector4]
    public var edges: [Edge]
    /// Each face is a polygon of vertex indices in cyclic order; consecutive vertices, and the last and the first,
    /// are joined by an edge.
    public var faces: [[Int]]
    public var cellCount: Int

    public init(name: String, vertices: [Vector4], edges: [Edge], faces: [[Int]], cellCount: Int) {
        self.name = name
        self.vertices = vertices
        self.edges = edges
        self.faces = faces
        self.cellCount = cellCount
    }

    /// V − E + F − C, which is 0 for the boundary of every convex 4-polytope and for a torus surface.
    public var eulerCharacteristic: Int {
        vertices.count - edges.count + faces.count - cellCount
    }

    /// Every face split into a fan of triangles around its first vertex, in face order.
    public func triangulatedFaces() -> [(Int, Int, Int)] {
        faces.flatMap { face in
            face.count < 3 ? [] : (1..<(face.count - 1)).map { (face[0], face[$0], face[$0 + 1]) }
        }
    }

    /// The same polytope with every vertex mapped by `matrix`, e.g. a rotation.
    public func transformed(by matrix: Matrix4) -> Polytope {
        var result = self
        result.vertices = vertices.map { matrix * $0 }
        return result
    }
}
