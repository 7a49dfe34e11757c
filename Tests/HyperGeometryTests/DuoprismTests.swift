import HyperGeometry
import Testing

struct DuoprismTests {
    static let shapes: [(Int, Int)] = [(3, 3), (3, 4), (4, 4), (5, 7), (6, 6), (3, 12), (10, 5)]

    @Test(arguments: shapes)
    func elementCounts(p: Int, q: Int) {
        let duoprism = Polytope.duoprism(p, q)
        #expect(duoprism.name == "\(p)-\(q) duoprism")
        #expect(duoprism.vertices.count == p * q)
        #expect(duoprism.edges.count == 2 * p * q)
        #expect(duoprism.faces.count == p * q + p + q)
        #expect(duoprism.cellCount == p + q)
        #expect(duoprism.eulerCharacteristic == 0)
    }

    @Test(arguments: shapes)
    func facesArePQSquaresThenPQGonsThenQPGons(p: Int, q: Int) {
        let faces = Polytope.duoprism(p, q).faces
        #expect(faces[..<(p * q)].allSatisfy { $0.count == 4 })
        #expect(faces[(p * q)..<(p * q + p)].allSatisfy { $0.count == q })
        #expect(faces[(p * q + p)...].allSatisfy { $0.count == p })
    }

    @Test(arguments: shapes)
    func geometryHasEqualEdgesOnTheUnitSphere(p: Int, q: Int) {
        let duoprism = Polytope.duoprism(p, q)
        expectWellFormed(duoprism)
        expectOnUnitSphere(duoprism)
        expectUniformEdgeLength(duoprism)
    }

    @Test func fourFourDuoprismIsATesseract() {
        let duoprism = Polytope.duoprism(4, 4)
        let tesseract = RegularPolytope.tesseract.make()
        #expect(isClose(expectUniformEdgeLength(duoprism), expectUniformEdgeLength(tesseract)))
        #expect(duoprism.faces.count == tesseract.faces.count)
        #expect(duoprism.cellCount == tesseract.cellCount)
    }
}
