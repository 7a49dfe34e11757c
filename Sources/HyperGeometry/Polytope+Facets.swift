/// A facet (3-cell) of a convex 4-polytope: the vertices lying on one supporting hyperplane and its outward unit
/// normal.
struct Facet {
    var vertices: [Int]
    var normal: Vector4
}

extension Polytope {
    /// The facets of the convex hull of `vertices`, each found once.
    ///
    /// Two faces sharing an edge span a hyperplane; it carries a facet exactly when every vertex lies on one side of
    /// it. Face pairs already known to lie in a common facet are skipped, so each facet is scanned about once.
    func facets(tolerance: Double = 1e-9) -> [Facet] {
        var facesOfEdge: [Edge: [Int]] = [:]
        for (index, face) in faces.enumerated() {
            for corner in face.indices {
                facesOfEdge[Edge(face[corner], face[(corner + 1) % face.count]), default: []].append(index)
            }
        }
        var facets: [Facet] = []
        var facetIndexByVertices: [[Int]: Int] = [:]
        var facetVertexSets: [Set<Int>] = []
        var facetsOfFace = Array(repeating: [Int](), count: faces.count)

        for edge in edges {
            let incident = facesOfEdge[edge] ?? []
            for (position, first) in incident.enumerated() {
                for second in incident[(position + 1)...] {
                    let alreadyKnown = facetsOfFace[first].contains {
                        facetVertexSets[$0].isSuperset(of: faces[second])
                    }
                    guard !alreadyKnown, let facet = supportingFacet(of: first, and: second, tolerance: tolerance)
                    else { continue }
                    let index: Int
                    if let known = facetIndexByVertices[facet.vertices] {
                        index = known
                    } else {
                        index = facets.count
                        facets.append(facet)
                        facetVertexSets.append(Set(facet.vertices))
                        facetIndexByVertices[facet.vertices] = index
                    }
                    facetsOfFace[first].append(index)
                    facetsOfFace[second].append(index)
                }
            }
        }
        return facets
    }

    /// The facet in the hyperplane spanned by two faces that share an edge, or nil when that hyperplane cuts through
    /// the polytope.
    private func supportingFacet(of first: Int, and second: Int, tolerance: Double) -> Facet? {
        let face = faces[first]
        guard let apex = faces[second].first(where: { !face.contains($0) }) else { return nil }
        let origin = vertices[face[0]]
        var normal = Vector4.cross(
            vertices[face[1]] - origin, vertices[face[2]] - origin, vertices[apex] - origin
        ).normalized()
        guard normal.lengthSquared > 0 else { return nil }
        let offset = normal.dot(origin)
        var above = false
        var below = false
        var onHyperplane: [Int] = []
        for (index, vertex) in vertices.enumerated() {
            let height = normal.dot(vertex) - offset
            if height > tolerance {
                above = true
            } else if height < -tolerance {
                below = true
            } else {
                onHyperplane.append(index)
            }
            if above && below { return nil }
        }
        if above { normal = -normal }
        return Facet(vertices: onHyperplane, normal: normal)
    }
}
