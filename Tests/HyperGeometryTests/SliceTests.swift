import HyperGeometry
import Testing

struct SliceTests {
    private func degrees(of polytope: Polytope) -> [Int] {
        var degrees = Array(repeating: 0, count: polytope.vertices.count)
        for edge in polytope.edges {
            degrees[edge.a] += 1
            degrees[edge.b] += 1
        }
        return degrees
    }

    private func sortedEdgeLengths(of polytope: Polytope) -> [Double] {
        polytope.edges.map { edgeLength($0, in: polytope) }.sorted()
    }

    @Test func sliceIsNamedAfterPolytopeAndHyperplaneAndHasNoFacesOrCells() {
        let slice = RegularPolytope.tesseract.make().sliced(atW: 0)
        #expect(slice.name == "tesseract ∩ w=0.0")
        #expect(slice.faces.isEmpty && slice.cellCount == 0)
    }

    /// The eight edges along w cross w = 0 at (±½, ±½, ±½, 0); the twelve squares containing a w-edge yield the
    /// cube's edges.
    @Test func tesseractThroughItsCentreIsACube() {
        let slice = RegularPolytope.tesseract.make().sliced(atW: 0)
        #expect(slice.vertices.count == 8)
        #expect(slice.edges.count == 12)
        #expect(slice.vertices.allSatisfy { $0.w == 0 && [$0.x, $0.y, $0.z].allSatisfy { isClose(abs($0), 0.5) } })
        #expect(isClose(expectUniformEdgeLength(slice), 1))
        #expect(degrees(of: slice).allSatisfy { $0 == 3 })
    }

    /// At w = ½ the hyperplane contains a whole cubic cell: its eight vertices are deduplicated, and the twelve
    /// squares leaving the cell along w each meet it in one cube edge.
    @Test func tesseractThroughACellIsThatCube() {
        let slice = RegularPolytope.tesseract.make().sliced(atW: 0.5)
        #expect(slice.vertices.count == 8)
        #expect(slice.edges.count == 12)
        #expect(isClose(expectUniformEdgeLength(slice), 1))
    }

    /// Rotating 45° in xw sends (x, w) to ((x − w)/√2, (x + w)/√2). The eight vertices with x = −w land on w = 0 at
    /// (±1/√2, ±½, ±½); no edge crosses strictly, since none changes x and w together. The section is a box
    /// √2 × 1 × 1 (a square prism): four long edges are diagonals of the xw-squares, eight unit edges come from
    /// squares with two vertices on the hyperplane.
    @Test func tesseractTiltedByFortyFiveDegreesInXWIsASquarePrism() {
        let tilted = RegularPolytope.tesseract.make().transformed(by: .rotation(in: .xw, by: .pi / 4))
        let slice = tilted.sliced(atW: 0)
        #expect(slice.vertices.count == 8)
        #expect(slice.edges.count == 12)
        let halfDiagonal = 0.5.squareRoot()
        for vertex in slice.vertices {
            #expect(isClose(abs(vertex.x), halfDiagonal) && isClose(abs(vertex.y), 0.5) && isClose(abs(vertex.z), 0.5))
        }
        let lengths = sortedEdgeLengths(of: slice)
        #expect(lengths[..<8].allSatisfy { isClose($0, 1) })
        #expect(lengths[8...].allSatisfy { isClose($0, 2.0.squareRoot()) })
        #expect(degrees(of: slice).allSatisfy { $0 == 3 })
    }

    /// ±e_x, ±e_y, ±e_z lie on w = 0; the 24 triangles through ±e_w with two of them yield the 12 octahedron edges.
    @Test func sixteenCellThroughItsCentreIsAnOctahedron() {
        let slice = RegularPolytope.hexadecachoron.make().sliced(atW: 0)
        #expect(slice.vertices.count == 6)
        #expect(slice.edges.count == 12)
        #expect(isClose(expectUniformEdgeLength(slice), 2.0.squareRoot()))
        #expect(degrees(of: slice).allSatisfy { $0 == 4 })
        expectOnUnitSphere(slice)
    }

    /// The twelve vertices (±1, ±1, 0, 0)/√2 with w = 0 form a cuboctahedron; no edge crosses w = 0 strictly, and
    /// each of its 24 edges lies on triangles through a vertex off the hyperplane.
    @Test func twentyFourCellThroughItsCentreIsACuboctahedron() {
        let slice = RegularPolytope.icositetrachoron.make().sliced(atW: 0)
        #expect(slice.vertices.count == 12)
        #expect(slice.edges.count == 24)
        #expect(isClose(expectUniformEdgeLength(slice), 1))
        #expect(degrees(of: slice).allSatisfy { $0 == 4 })
        expectOnUnitSphere(slice)
    }

    /// The generated 5-cell has one vertex at w = −1 and a tetrahedral cell at w = ¼: slices in between are
    /// tetrahedra parallel to that cell.
    @Test func pentachoronParallelToACellIsARegularTetrahedron() {
        let pentachoron = RegularPolytope.pentachoron.make()
        #expect(
            pentachoron.vertices.map(\.w).sorted().map { ($0 * 1e9).rounded() / 1e9 } == [-1, 0.25, 0.25, 0.25, 0.25])
        let slice = pentachoron.sliced(atW: -0.5)
        #expect(slice.vertices.count == 4)
        #expect(slice.edges.count == 6)
        expectUniformEdgeLength(slice)
    }

    /// A hyperplane separating one vertex from four cuts the four edges at that vertex (a tetrahedron); one
    /// separating two from three cuts 2 × 3 edges, and the nine triangles not on the three-vertex side give the
    /// edges of a triangular prism.
    @Test func pentachoronSlicesAreTetrahedraOrTriangularPrisms() throws {
        let rotation = Matrix4.rotation(in: .xw, by: 1.0) * Matrix4.rotation(in: .yw, by: 0.7)
        let pentachoron = RegularPolytope.pentachoron.make().transformed(by: rotation)
        let heights = pentachoron.vertices.map(\.w).sorted()
        try #require(zip(heights, heights.dropFirst()).allSatisfy { $1 - $0 > 1e-3 })
        for (split, vertices, edges) in [(1, 4, 6), (2, 6, 9), (3, 6, 9), (4, 4, 6)] {
            let slice = pentachoron.sliced(atW: (heights[split - 1] + heights[split]) / 2)
            #expect(slice.vertices.count == vertices)
            #expect(slice.edges.count == edges)
            #expect(degrees(of: slice).allSatisfy { $0 == 3 })
        }
    }

    /// Away from vertices, every crossing edge becomes a slice vertex joined to one neighbour per face at that edge.
    @Test(arguments: RegularPolytope.allCases)
    func genericSliceVerticesMeetOneEdgePerFaceAroundTheCutEdge(polytope: RegularPolytope) {
        let rotation =
            Matrix4.rotation(in: .xw, by: 0.31) * Matrix4.rotation(in: .yz, by: 0.17)
            * Matrix4.rotation(in: .zw, by: 0.53)
        let slice = polytope.make().transformed(by: rotation).sliced(atW: 0.1234567)
        #expect(!slice.vertices.isEmpty)
        #expect(slice.vertices.allSatisfy { $0.w == 0.1234567 })
        #expect(degrees(of: slice).allSatisfy { $0 == polytope.schlafliSymbol[2] })
        expectWellFormed(slice)
    }

    @Test(arguments: RegularPolytope.allCases)
    func hyperplaneMissingThePolytopeGivesAnEmptySlice(polytope: RegularPolytope) {
        for c in [2.0, -2.0] {
            let slice = polytope.make().sliced(atW: c)
            #expect(slice.vertices.isEmpty && slice.edges.isEmpty)
        }
    }

    @Test func cliffordTorusSliceThroughTheMiddleIsTwoRings() {
        let torus = Polytope.cliffordTorus(16, 8)
        let slice = torus.sliced(atW: 0.01)
        #expect(slice.vertices.count == 2 * 16)
        #expect(slice.edges.count == 2 * 16)
        #expect(degrees(of: slice).allSatisfy { $0 == 2 })
    }
}
