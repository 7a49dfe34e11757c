import HyperGeometry
import Testing

struct CliffordTorusTests {
    static let grids: [(Int, Int)] = [(3, 3), (4, 8), (32, 16), (7, 5)]

    @Test(arguments: grids)
    func elementCounts(major: Int, minor: Int) {
        let torus = Polytope.cliffordTorus(major, minor)
        #expect(torus.vertices.count == major * minor)
        #expect(torus.edges.count == 2 * major * minor)
        #expect(torus.faces.count == major * minor)
        #expect(torus.faces.allSatisfy { $0.count == 4 })
        #expect(torus.cellCount == 0)
        #expect(torus.eulerCharacteristic == 0)
    }

    @Test(arguments: grids)
    func verticesLieOnTheFlatTorusInTheUnitSphere(major: Int, minor: Int) {
        let torus = Polytope.cliffordTorus(major, minor)
        expectWellFormed(torus)
        expectOnUnitSphere(torus)
        let radius = 0.5.squareRoot()
        for vertex in torus.vertices {
            #expect(isClose((vertex.x * vertex.x + vertex.y * vertex.y).squareRoot(), radius))
            #expect(isClose((vertex.z * vertex.z + vertex.w * vertex.w).squareRoot(), radius))
        }
    }

    @Test func gridStartsAtAngleZero() {
        let torus = Polytope.cliffordTorus(8, 4)
        let radius = 0.5.squareRoot()
        #expect(isClose(torus.vertices[0], Vector4(radius, 0, radius, 0)))
        #expect(isClose(torus.vertices[1], Vector4(radius, 0, 0, radius)))
        #expect(isClose(torus.vertices[4 * 2], Vector4(0, radius, radius, 0)))
    }
}
