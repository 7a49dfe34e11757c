import Foundation

extension Polytope {
    /// The p,q-duoprism: the Cartesian product of a regular p-gon in the xy-plane and a regular q-gon in the zw-plane,
    /// with radii chosen so that all edges have one length and all vertices lie on the unit 3-sphere.
    ///
    /// Vertex `i * q + j` pairs corner i of the p-gon with corner j of the q-gon. Faces are the pq squares, then the
    /// p q-gons, then the q p-gons; the cells are p q-gonal prisms and q p-gonal prisms.
    public static func duoprism(_ p: Int, _ q: Int) -> Polytope {
        precondition(p >= 3 && q >= 3, "A duoprism needs two polygons of at least 3 sides, got \(p) and \(q)")
        // A regular n-gon of radius r has edges 2r·sin(π/n); equal edges and r₁² + r₂² = 1 fix both radii.
        let sinP = sin(.pi / Double(p))
        let sinQ = sin(.pi / Double(q))
        let norm = (sinP * sinP + sinQ * sinQ).squareRoot()
        let firstRadius = sinQ / norm
        let secondRadius = sinP / norm

        func index(_ i: Int, _ j: Int) -> Int {
            (i % p) * q + j % q
        }

        var vertices: [Vector4] = []
        var edges: [Edge] = []
        var squares: [[Int]] = []
        for i in 0..<p {
            let a = 2 * .pi * Double(i) / Double(p)
            for j in 0..<q {
                let b = 2 * .pi * Double(j) / Double(q)
                vertices.append(
                    Vector4(firstRadius * cos(a), firstRadius * sin(a), secondRadius * cos(b), secondRadius * sin(b))
                )
                edges.append(Edge(index(i, j), index(i + 1, j)))
                edges.append(Edge(index(i, j), index(i, j + 1)))
                squares.append([index(i, j), index(i + 1, j), index(i + 1, j + 1), index(i, j + 1)])
            }
        }
        let qGons = (0..<p).map { i in (0..<q).map { j in index(i, j) } }
        let pGons = (0..<q).map { j in (0..<p).map { i in index(i, j) } }
        return Polytope(
            name: "\(p)-\(q) duoprism",
            vertices: vertices,
            edges: edges,
            faces: squares + qGons + pGons,
            cellCount: p + q
        )
    }
}
