import HyperGeometry
import HyperScene
import Testing

struct SceneObjectTests {
    let object = SceneObject(
        shape: .regular(.tesseract),
        position: Vector4(0.5, -1, 2, 0.25),
        scale: 1.5,
        initialAngles: [.xy: 0.3, .xz: -0.7, .xw: 1.1, .yz: 0.2, .yw: -0.4, .zw: 2.5],
        angularVelocity: [.xy: 0.25, .xz: 0.1, .xw: -0.5, .yz: 0.75, .yw: 0.05, .zw: -0.33]
    )

    @Test func rotationIsAPureFunctionOfTime() {
        let first = object.rotation(at: 3.7)
        _ = object.rotation(at: 100)
        _ = object.rotation(at: -2)
        #expect(object.rotation(at: 3.7) == first)
        #expect(object.rotation(at: 3.7) != object.rotation(at: 3.8))
    }

    @Test func rotationAtZeroIsTheProductOfInitialRotationsInPlaneOrder() {
        var expected = Matrix4.identity
        for plane in [RotationPlane.xy, .xz, .xw, .yz, .yw, .zw] {
            expected = expected * Matrix4.rotation(in: plane, by: object.initialAngles[plane] ?? 0)
        }
        #expect(maxDifference(object.rotation(at: 0), expected) < 1e-15)
    }

    @Test func rotationAtTimeUsesInitialPlusVelocityTimesTime() {
        let t = 2.75
        var expected = Matrix4.identity
        for plane in RotationPlane.allCases {
            let angle = (object.initialAngles[plane] ?? 0) + (object.angularVelocity[plane] ?? 0) * t
            expected = expected * Matrix4.rotation(in: plane, by: angle)
        }
        #expect(maxDifference(object.rotation(at: t), expected) < 1e-15)
    }

    @Test(arguments: [0.0, 0.5, 1.0, 17.3, -4.2, 1000.0])
    func rotationIsOrthonormal(at time: Double) {
        let rotation = object.rotation(at: time)
        #expect(maxDifference(rotation * rotation.transposed, .identity) < 1e-12)
    }

    @Test func singlePlaneMotionIsThatPlaneRotation() {
        let spinner = SceneObject(shape: .regular(.pentachoron), angularVelocity: [.xw: 0.5])
        #expect(maxDifference(spinner.rotation(at: 3), Matrix4.rotation(in: .xw, by: 1.5)) < 1e-15)
        #expect(SceneObject(shape: .regular(.pentachoron)).rotation(at: 42) == .identity)
    }

    @Test func transformRotatesTheScaledPointThenTranslates() {
        let p = Vector4(0.5, -0.5, 0.5, 0.5)
        let expected = object.rotation(at: 1.25) * (p * 1.5) + object.position
        #expect(object.transform(p, at: 1.25) == expected)
        #expect(object.transform([p, .zero], at: 1.25) == [expected, object.position])
    }

    @Test func defaultsSpanTheObjectInColour() {
        let plain = SceneObject(shape: .duoprism(p: 4, q: 5), scale: 2)
        #expect(plain.position == .zero)
        #expect(plain.initialAngles.isEmpty && plain.angularVelocity.isEmpty)
        #expect(plain.wRange == -2...2)
        #expect(plain.colorMap == .standard)
    }

    @Test func colourFollowsWorldWAcrossTheDefaultRange() {
        let marker = SceneObject(shape: .regular(.hexadecachoron), position: Vector4(3, 0, 0, 5))
        #expect(marker.wRange == 4...6)
        #expect(marker.color(of: Vector4(0, 0, 0, 1), at: 0) == ColorMap.standard.stops.last)
        #expect(marker.color(of: Vector4(0, 0, 0, -1), at: 0) == ColorMap.standard.stops.first)
        #expect(marker.color(of: Vector4(1, 0, 0, 0), at: 0) == ColorMap.standard.color(at: 0.5))
    }

    @Test func shapesBuildTheirPolytopes() {
        #expect(Shape.regular(.tesseract).makePolytope().vertices.count == 16)
        #expect(Shape.regular(.hexacosichoron).makePolytope().vertices.count == 120)
        #expect(Shape.duoprism(p: 5, q: 7).makePolytope().vertices.count == 35)
        #expect(Shape.cliffordTorus(major: 12, minor: 6).makePolytope().vertices.count == 72)
    }

    @Test func sceneProjectionMapsToTheGeometryProjection() {
        #expect(SceneProjection.perspective(eyeW: 3).projection4D == .perspective(eyeW: 3))
        #expect(SceneProjection.stereographic(radius: 2).projection4D == .stereographic(radius: 2))
        #expect(SceneProjection.orthographic.projection4D == .orthographic)
        #expect(SceneProjection.slice(w: 0.5).projection4D == .orthographic)
        #expect(SceneProjection.slice(w: 0.5).sliceW == 0.5)
        #expect(SceneProjection.perspective(eyeW: 3).sliceW == nil)
    }

    /// The largest entry of `a - b`, read column by column through the images of the basis vectors.
    private func maxDifference(_ a: Matrix4, _ b: Matrix4) -> Double {
        let basis = [Vector4(1, 0, 0, 0), Vector4(0, 1, 0, 0), Vector4(0, 0, 1, 0), Vector4(0, 0, 0, 1)]
        return basis.map { e in
            let d = a * e - b * e
            return max(abs(d.x), abs(d.y), abs(d.z), abs(d.w))
        }.max() ?? 0
    }
}
