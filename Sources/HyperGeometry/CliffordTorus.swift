import Foundation

extension Polytope {
    /// A quad mesh of the Clifford torus, the flat torus {|(x, y)| = |(z, w)| = 1/√2} on the unit 3-sphere.
    ///
    /// Vertex `i * minorSegments + j` is (cos a, sin a, cos b, sin b)/√2 with a = 2πi/majorSegments and
    /// b = 2πj/minorSegments. Grid edges and quads wrap around in both directions; being a surface, it has no cells.
    public static func cliffordTorus(_ majorSegments: Int, _ minorSegments: Int) -> Polytope {
        precondition(
            majorSegments >= 3 && minorSegments >= 3,
            "A Clifford torus mesh needs at least 3 segments each way, got \(majorSegments) and \(minorSegments)"
        )
        let scale = 1 / 2.0.squareRoot()

        func index(_ i: Int, _ j: Int) -> Int {
            (i % majorSegments) * minorSegments + j % minorSegments
        }

        var vertices: [Vector4] = []
        var edges: [Edge] = []
        var faces: [[Int]] = []
        for i in 0..<majorSegments {
            let a = 2 * .pi * Double(i) / Double(majorSegments)
            for j in 0..<minorSegments {
                let b = 2 * .pi * Double(j) / Double(minorSegments)
                vertices.append(Vector4(cos(a), sin(a), cos(b), sin(b)) * scale)
                edges.append(Edge(index(i, j), index(i + 1, j)))
                edges.append(Edge(index(i, j), index(i, j + 1)))
                faces.append([index(i, j), index(i + 1, j), index(i + 1, j + 1), index(i, j + 1)])
            }
        }
        return Polytope(
            name: "Clifford torus \(majorSegments)×\(minorSegments)",
            vertices: vertices,
            edges: edges,
            faces: faces,
            cellCount: 0
        )
    }
}
