import HyperGeometry
import Testing

struct ProjectionTests {
    @Test func orthographicDropsW() {
        #expect(Projection4D.orthographic.project(Vector4(1, -2, 3, 7)) == Vector3(1, -2, 3))
    }

    @Test func perspectiveFollowsTheEyeOnTheWAxis() {
        let projection = Projection4D.perspective(eyeW: 3)
        #expect(projection.project(Vector4(1, -2, 0.5, 0)) == Vector3(1, -2, 0.5))
        // s = 3 / (3 - 1) = 1.5
        #expect(isClose(projection.project(Vector4(1, 2, 3, 1)), Vector3(1.5, 3, 4.5)))
        // s = 3 / (3 + 3) = 0.5: points beyond the origin shrink.
        #expect(isClose(projection.project(Vector4(2, 2, 2, -3)), Vector3(1, 1, 1)))
        // At or behind the eye the denominator is clamped to 0.05: s = 3 / 0.05 = 60.
        #expect(isClose(projection.project(Vector4(1, 0, 0, 3)), Vector3(60, 0, 0)))
        #expect(isClose(projection.project(Vector4(1, 0, 0, 10)), Vector3(60, 0, 0)))
    }

    @Test func stereographicFixesTheEquatorOfTheUnitSphere() {
        let projection = Projection4D.stereographic(radius: 1)
        var generator = SplitMix64(state: 7)
        for _ in 0..<50 {
            var point = Vector4.randomUnit(using: &generator)
            point.w = 0
            point = point.normalized()
            #expect(isClose(projection.project(point), Vector3(point.x, point.y, point.z)))
        }
    }

    @Test func stereographicProjectsFromThePole() {
        let projection = Projection4D.stereographic(radius: 2)
        // s = 1 / (1 - 1/2) = 2
        #expect(isClose(projection.project(Vector4(1, 2, 3, 1)), Vector3(2, 4, 6)))
        // At the pole the denominator is clamped to 0.05: s = 20.
        #expect(isClose(projection.project(Vector4(1, 0, 0, 2)), Vector3(20, 0, 0)))
        // On the unit sphere, |p'|² = (1 + w) / (1 − w) for the projection from the north pole.
        let unit = Projection4D.stereographic(radius: 1)
        var generator = SplitMix64(state: 11)
        for _ in 0..<50 {
            let point = Vector4.randomUnit(using: &generator)
            guard point.w < 0.9 else { continue }
            #expect(isClose(unit.project(point).lengthSquared, (1 + point.w) / (1 - point.w), tolerance: 1e-9))
        }
    }

    @Test func projectionsCompareByCaseAndParameter() {
        #expect(Projection4D.perspective(eyeW: 2) == .perspective(eyeW: 2))
        #expect(Projection4D.perspective(eyeW: 2) != .perspective(eyeW: 3))
        #expect(Projection4D.stereographic(radius: 1) != .orthographic)
    }
}
