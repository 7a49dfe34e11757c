extension Polytope {
    /// The cross-section with the hyperplane w = `c`, as a wireframe lying in that hyperplane.
    ///
    /// Every edge that crosses or touches the hyperplane yields a vertex (a polytope vertex lying on it, within
    /// 1e-9, yields one vertex however many edges meet there), and every face whose boundary meets the hyperplane in
    /// exactly two distinct points yields the edge between them, once. The section has no faces or cells.
    public func sliced(atW c: Double) -> Polytope {
        let tolerance = 1e-9
        var sliceVertices: [Vector4] = []
        var sliceVertexOfCorner: [Int: Int] = [:]
        var sliceVerticesOnEdge: [Edge: [Int]] = [:]

        func sliceVertex(atCorner corner: Int) -> Int {
            if let known = sliceVertexOfCorner[corner] { return known }
            var point = vertices[corner]
            point.w = c
            sliceVertices.append(point)
            sliceVertexOfCorner[corner] = sliceVertices.count - 1
            return sliceVertices.count - 1
        }

        for edge in edges {
            let heightA = vertices[edge.a].w - c
            let heightB = vertices[edge.b].w - c
            let touchesAtA = abs(heightA) <= tolerance
            let touchesAtB = abs(heightB) <= tolerance
            if touchesAtA || touchesAtB {
                var points: [Int] = []
                if touchesAtA { points.append(sliceVertex(atCorner: edge.a)) }
                if touchesAtB { points.append(sliceVertex(atCorner: edge.b)) }
                sliceVerticesOnEdge[edge] = points
            } else if (heightA < 0) != (heightB < 0) {
                let t = heightA / (heightA - heightB)
                var point = vertices[edge.a] + (vertices[edge.b] - vertices[edge.a]) * t
                point.w = c
                sliceVertices.append(point)
                sliceVerticesOnEdge[edge] = [sliceVertices.count - 1]
            }
        }

        var sliceEdges: [Edge] = []
        var seen: Set<Edge> = []
        for face in faces {
            var points: [Int] = []
            for corner in face.indices {
                let edge = Edge(face[corner], face[(corner + 1) % face.count])
                for point in sliceVerticesOnEdge[edge] ?? [] where !points.contains(point) {
                    points.append(point)
                }
            }
            if points.count == 2, seen.insert(Edge(points[0], points[1])).inserted {
                sliceEdges.append(Edge(points[0], points[1]))
            }
        }
        return Polytope(name: "\(name) ∩ w=\(c)", vertices: sliceVertices, edges: sliceEdges, faces: [], cellCount: 0)
    }
}
