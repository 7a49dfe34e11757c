extension RegularPolytope {
    /// Builds the full structure from the vertex set alone: edges join nearest neighbours, faces are the planar
    /// p-cycles of the edge graph (p from the Schläfli symbol) and cells are the facets of the convex hull.
    func construct() -> Polytope {
        let vertices = unitVertices()
        let edges = Self.nearestNeighbourEdges(of: vertices)
        let faces = Self.planarCycles(length: schlafliSymbol[0], vertices: vertices, edges: edges)
        var polytope = Polytope(name: rawValue, vertices: vertices, edges: edges, faces: faces, cellCount: 0)
        polytope.cellCount = polytope.facets().count
        return polytope
    }

    /// The vertex pairs at the smallest distance occurring in the set, up to a relative tolerance.
    private static func nearestNeighbourEdges(of vertices: [Vector4]) -> [Edge] {
        var shortest = Double.infinity
        for i in vertices.indices {
            for j in (i + 1)..<vertices.count {
                shortest = min(shortest, (vertices[i] - vertices[j]).lengthSquared)
            }
        }
        let limit = shortest * (1 + 1e-6)
        var edges: [Edge] = []
        for i in vertices.indices {
            for j in (i + 1)..<vertices.count where (vertices[i] - vertices[j]).lengthSquared <= limit {
                edges.append(Edge(i, j))
            }
        }
        return edges
    }

    /// Every cycle of `length` edges whose vertices lie in one plane, each found once and listed in cyclic order.
    ///
    /// A depth-first walk starts at each cycle's smallest vertex, visits only larger ones, and prunes a path as soon
    /// as a vertex leaves the plane of the first three; requiring the second vertex to be smaller than the last
    /// discards the reversed copy of each cycle.
    private static func planarCycles(length: Int, vertices: [Vector4], edges: [Edge]) -> [[Int]] {
        var neighbours = Array(repeating: [Int](), count: vertices.count)
        for edge in edges {
            neighbours[edge.a].append(edge.b)
            neighbours[edge.b].append(edge.a)
        }
        var cycles: [[Int]] = []
        var path: [Int] = []
        var plane = (origin: Vector4.zero, u: Vector4.zero, v: Vector4.zero)

        func isOnPlane(_ point: Vector4) -> Bool {
            var offset = point - plane.origin
            offset -= plane.u * offset.dot(plane.u)
            offset -= plane.v * offset.dot(plane.v)
            return offset.lengthSquared <= 1e-18
        }

        func extend() {
            let last = path[path.count - 1]
            if path.count == length {
                if path[1] < last && neighbours[last].contains(path[0]) {
                    cycles.append(path)
                }
                return
            }
            for next in neighbours[last] where next > path[0] && !path.contains(next) {
                if path.count == 2 {
                    let u = (vertices[path[1]] - vertices[path[0]]).normalized()
                    let offset = vertices[next] - vertices[path[0]]
                    plane = (vertices[path[0]], u, (offset - u * offset.dot(u)).normalized())
                } else if path.count > 2 && !isOnPlane(vertices[next]) {
                    continue
                }
                path.append(next)
                extend()
                path.removeLast()
            }
        }

        for start in vertices.indices {
            path = [start]
            extend()
        }
        return cycles
    }
}
