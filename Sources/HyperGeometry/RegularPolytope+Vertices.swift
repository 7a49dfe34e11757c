extension RegularPolytope {
    /// The vertex set from the polytope's classical definition, scaled onto the unit 3-sphere.
    func unitVertices() -> [Vector4] {
        let vertices =
            switch self {
            case .pentachoron: Self.simplexVertices()
            case .tesseract: Self.hypercubeVertices()
            case .hexadecachoron: Self.crossPolytopeVertices()
            case .icositetrachoron: Self.d4RootVertices()
            case .hecatonicosachoron: Self.dualOfHexacosichoronVertices()
            case .hexacosichoron: Self.icosianVertices()
            }
        return vertices.map { $0.normalized() }
    }

    /// The five standard basis vectors of R⁵, centred on their centroid and written in an orthonormal (Helmert) basis
    /// of the hyperplane x₀ + … + x₄ = 0 that then contains them: a regular simplex with one vertex on the −w axis.
    private static func simplexVertices() -> [Vector4] {
        func helmert(_ k: Int, _ i: Int) -> Double {
            let scale = 1 / Double(k * (k + 1)).squareRoot()
            if i < k { return scale }
            return i == k ? -Double(k) * scale : 0
        }
        return (0..<5).map { i in Vector4(helmert(1, i), helmert(2, i), helmert(3, i), helmert(4, i)) }
    }

    /// All sixteen sign combinations (±½, ±½, ±½, ±½).
    private static func hypercubeVertices() -> [Vector4] {
        (0..<16).map { signs in
            var vertex = Vector4.zero
            for axis in 0..<4 {
                vertex[axis] = (signs >> axis) & 1 == 0 ? 0.5 : -0.5
            }
            return vertex
        }
    }

    /// The unit vectors ±e_i along the four axes.
    private static func crossPolytopeVertices() -> [Vector4] {
        (0..<4).flatMap { axis in
            [1.0, -1.0].map { sign in
                var vertex = Vector4.zero
                vertex[axis] = sign
                return vertex
            }
        }
    }

    /// The 24 roots of D₄: all permutations of (±1, ±1, 0, 0).
    private static func d4RootVertices() -> [Vector4] {
        var vertices: [Vector4] = []
        for first in 0..<4 {
            for second in (first + 1)..<4 {
                for (firstSign, secondSign) in [(1.0, 1.0), (1.0, -1.0), (-1.0, 1.0), (-1.0, -1.0)] {
                    var vertex = Vector4.zero
                    vertex[first] = firstSign
                    vertex[second] = secondSign
                    vertices.append(vertex)
                }
            }
        }
        return vertices
    }

    /// The 120 unit icosians: the 8 permutations of (±1, 0, 0, 0), the 16 of (±½, ±½, ±½, ±½) and the 96 even
    /// permutations of ½(±φ, ±1, ±1/φ, 0).
    private static func icosianVertices() -> [Vector4] {
        let phi = (1 + 5.0.squareRoot()) / 2
        var vertices = crossPolytopeVertices() + hypercubeVertices()
        for permutation in evenPermutations(of: [0, 1, 2, 3]) {
            for signs in 0..<8 {
                let magnitudes = [phi, 1, 1 / phi, 0]
                var vertex = Vector4.zero
                for position in 0..<4 {
                    let sign: Double = position < 3 && (signs >> position) & 1 == 1 ? -1 : 1
                    vertex[permutation[position]] = sign * magnitudes[position] / 2
                }
                vertices.append(vertex)
            }
        }
        return vertices
    }

    /// The 120-cell as the dual of the 600-cell: one vertex in the direction of each of the 600 tetrahedral cells.
    private static func dualOfHexacosichoronVertices() -> [Vector4] {
        hexacosichoron.make().facets().map(\.normal)
    }

    /// The permutations of `elements` made of an even number of transpositions.
    private static func evenPermutations(of elements: [Int]) -> [[Int]] {
        func permutations(_ remaining: [Int]) -> [[Int]] {
            guard remaining.count > 1 else { return [remaining] }
            return remaining.indices.flatMap { index in
                var rest = remaining
                let head = rest.remove(at: index)
                return permutations(rest).map { [head] + $0 }
            }
        }
        return permutations(elements).filter { permutation in
            let inversions = permutation.indices.reduce(0) { count, i in
                count + permutation[(i + 1)...].filter { $0 < permutation[i] }.count
            }
            return inversions % 2 == 0
        }
    }
}
