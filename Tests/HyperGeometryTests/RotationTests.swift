import Foundation
import HyperGeometry
import Testing

struct RotationTests {
    private static let angles: [Double] = [0, 0.3, -1.1, .pi / 2, 2.5, .pi]

    @Test func planesNameTheirAxes() {
        #expect(RotationPlane.allCases.map { "\($0.axes.0)\($0.axes.1)" } == ["01", "02", "03", "12", "13", "23"])
        for plane in RotationPlane.allCases {
            let complement = plane.orthogonalComplement
            #expect(Set([plane.axes.0, plane.axes.1, complement.axes.0, complement.axes.1]) == [0, 1, 2, 3])
            #expect(complement.orthogonalComplement == plane)
        }
    }

    @Test(arguments: RotationPlane.allCases)
    func firstAxisTurnsTowardTheSecond(plane: RotationPlane) {
        let angle = 0.7
        let rotation = Matrix4.rotation(in: plane, by: angle)
        let (first, second) = plane.axes
        func axis(_ index: Int) -> Vector4 {
            var unit = Vector4.zero
            unit[index] = 1
            return unit
        }
        #expect(isClose(rotation * axis(first), axis(first) * cos(angle) + axis(second) * sin(angle)))
        #expect(isClose(rotation * axis(second), axis(first) * -sin(angle) + axis(second) * cos(angle)))
        for fixed in (0..<4) where fixed != first && fixed != second {
            #expect(rotation * axis(fixed) == axis(fixed))
        }
    }

    @Test(arguments: RotationPlane.allCases)
    func rotationsAreProperOrthogonal(plane: RotationPlane) {
        for angle in Self.angles {
            let rotation = Matrix4.rotation(in: plane, by: angle)
            #expect(isClose(rotation * rotation.transposed, .identity))
            #expect(isClose(rotation.determinant, 1))
        }
    }

    @Test(arguments: RotationPlane.allCases)
    func anglesAddWithinOnePlane(plane: RotationPlane) {
        for a in Self.angles {
            for b in Self.angles {
                let composed = Matrix4.rotation(in: plane, by: a) * Matrix4.rotation(in: plane, by: b)
                #expect(isClose(composed, Matrix4.rotation(in: plane, by: a + b)))
            }
        }
        #expect(isClose(Matrix4.rotation(in: plane, by: 2 * .pi), .identity))
    }

    @Test(arguments: RotationPlane.allCases)
    func rotationsInCompletelyOrthogonalPlanesCommute(plane: RotationPlane) {
        let first = Matrix4.rotation(in: plane, by: 0.4)
        let second = Matrix4.rotation(in: plane.orthogonalComplement, by: -1.3)
        #expect(isClose(first * second, second * first))
    }

    @Test func rotationsInPlanesSharingAnAxisDoNotCommute() {
        let first = Matrix4.rotation(in: .xy, by: 0.4)
        let second = Matrix4.rotation(in: .yz, by: 0.9)
        #expect(!isClose(first * second, second * first, tolerance: 1e-3))
    }

    @Test func equalAngleDoubleRotationIsIsoclinic() {
        var generator = SplitMix64(state: 42)
        for angle in [0.25, 1.0, 2.0, 3.0] {
            let rotation = Matrix4.rotation(in: .xy, by: angle) * Matrix4.rotation(in: .zw, by: angle)
            for _ in 0..<100 {
                let v = Vector4.randomUnit(using: &generator)
                let image = rotation * v
                #expect(isClose(image.length, 1))
                #expect(isClose(acos(min(1, max(-1, v.dot(image)))), angle, tolerance: 1e-7))
            }
        }
    }

    @Test func unequalDoubleRotationIsNotIsoclinic() {
        let rotation = Matrix4.rotation(in: .xy, by: 0.5) * Matrix4.rotation(in: .zw, by: 1.5)
        let inXY = Vector4(1, 0, 0, 0)
        let inZW = Vector4(0, 0, 1, 0)
        #expect(isClose(inXY.dot(rotation * inXY), cos(0.5)))
        #expect(isClose(inZW.dot(rotation * inZW), cos(1.5)))
    }
}
