import HyperGeometry
import Testing

struct RegularPolytopeTests {
    /// Vertices, edges, faces, cells, edges per vertex, and edge length at circumradius 1.
    struct Expectation: Sendable, CustomTestStringConvertible {
        var polytope: RegularPolytope
        var vertices: Int
        var edges: Int
        var faces: Int
        var cells: Int
        var degree: Int
        var edgeLength: Double

        var testDescription: String { polytope.rawValue }
    }

    private static let phi = (1 + 5.0.squareRoot()) / 2

    static let expectations: [Expectation] = [
        Expectation(
            polytope: .pentachoron, vertices: 5, edges: 10, faces: 10, cells: 5, degree: 4,
            edgeLength: 2.5.squareRoot()),
        Expectation(polytope: .tesseract, vertices: 16, edges: 32, faces: 24, cells: 8, degree: 4, edgeLength: 1),
        Expectation(
            polytope: .hexadecachoron, vertices: 8, edges: 24, faces: 32, cells: 16, degree: 6,
            edgeLength: 2.0.squareRoot()),
        Expectation(
            polytope: .icositetrachoron, vertices: 24, edges: 96, faces: 96, cells: 24, degree: 8,
            edgeLength: 1),
        Expectation(
            polytope: .hecatonicosachoron, vertices: 600, edges: 1200, faces: 720, cells: 120, degree: 4,
            edgeLength: 1 / (phi * phi * 2.0.squareRoot())),
        Expectation(
            polytope: .hexacosichoron, vertices: 120, edges: 720, faces: 1200, cells: 600, degree: 12,
            edgeLength: 1 / phi),
    ]

    @Test func everyPolytopeHasAnExpectation() {
        #expect(Self.expectations.map(\.polytope) == RegularPolytope.allCases)
    }

    @Test(arguments: expectations)
    func elementCounts(expected: Expectation) {
        let polytope = expected.polytope.make()
        #expect(polytope.name == expected.polytope.rawValue)
        #expect(polytope.vertices.count == expected.vertices)
        #expect(polytope.edges.count == expected.edges)
        #expect(polytope.faces.count == expected.faces)
        #expect(polytope.cellCount == expected.cells)
        #expect(polytope.eulerCharacteristic == 0)
    }

    @Test(arguments: expectations)
    func geometryIsRegularAndOnTheUnitSphere(expected: Expectation) {
        let polytope = expected.polytope.make()
        expectWellFormed(polytope)
        expectOnUnitSphere(polytope)
        #expect(isClose(expectUniformEdgeLength(polytope), expected.edgeLength))
        #expect(isClose(polytope.vertices.reduce(.zero, +).length, 0))
        #expect(Set(polytope.vertices).count == polytope.vertices.count)
    }

    @Test(arguments: expectations)
    func everyVertexHasTheSameDegree(expected: Expectation) {
        let polytope = expected.polytope.make()
        var degrees = Array(repeating: 0, count: polytope.vertices.count)
        for edge in polytope.edges {
            degrees[edge.a] += 1
            degrees[edge.b] += 1
        }
        #expect(degrees.allSatisfy { $0 == expected.degree })
    }

    @Test(arguments: RegularPolytope.allCases)
    func facesAreRegularPolygonsOfTheSchlafliKind(polytope: RegularPolytope) {
        let model = polytope.make()
        let sides = polytope.schlafliSymbol[0]
        #expect(model.faces.allSatisfy { $0.count == sides })
        // Each edge lies on as many faces as there are cells around it.
        var facesPerEdge: [Edge: Int] = [:]
        for face in model.faces {
            for corner in face.indices {
                facesPerEdge[Edge(face[corner], face[(corner + 1) % face.count]), default: 0] += 1
            }
        }
        #expect(facesPerEdge.count == model.edges.count)
        #expect(facesPerEdge.values.allSatisfy { $0 == polytope.schlafliSymbol[2] })
    }

    @Test func generationIsCachedAndDeterministic() {
        for polytope in RegularPolytope.allCases {
            #expect(polytope.make().vertices == polytope.make().vertices)
            #expect(polytope.make().faces == polytope.make().faces)
        }
    }

    @Test func namesRoundTripThroughRawValues() {
        #expect(RegularPolytope(rawValue: "5-cell") == .pentachoron)
        #expect(RegularPolytope(rawValue: "600-cell") == .hexacosichoron)
        #expect(
            RegularPolytope.allCases.map(\.rawValue) == [
                "5-cell", "tesseract", "16-cell", "24-cell", "120-cell", "600-cell",
            ])
    }

    @Test func fanTriangulationCoversEveryFace() {
        let tesseract = RegularPolytope.tesseract.make()
        let triangles = tesseract.triangulatedFaces()
        #expect(triangles.count == 2 * tesseract.faces.count)
        let first = tesseract.faces[0]
        #expect(triangles[0] == (first[0], first[1], first[2]) && triangles[1] == (first[0], first[2], first[3]))
        let dodecaplex = RegularPolytope.hecatonicosachoron.make()
        #expect(dodecaplex.triangulatedFaces().count == 3 * dodecaplex.faces.count)
    }

    @Test func transformingMovesVerticesAndKeepsStructure() {
        let tesseract = RegularPolytope.tesseract.make()
        let rotation = Matrix4.rotation(in: .xw, by: 0.6) * Matrix4.rotation(in: .yz, by: -0.2)
        let rotated = tesseract.transformed(by: rotation)
        #expect(rotated.edges == tesseract.edges && rotated.faces == tesseract.faces)
        #expect(rotated.vertices == tesseract.vertices.map { rotation * $0 })
        expectOnUnitSphere(rotated)
        expectUniformEdgeLength(rotated)
    }
}
