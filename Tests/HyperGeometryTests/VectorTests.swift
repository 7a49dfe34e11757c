import HyperGeometry
import Testing

struct VectorTests {
    @Test func vector4Arithmetic() {
        let a = Vector4(1, 2, 3, 4)
        let b = Vector4(-2, 0.5, 1, 3)
        #expect(a + b == Vector4(-1, 2.5, 4, 7))
        #expect(a - b == Vector4(3, 1.5, 2, 1))
        #expect(-a == Vector4(-1, -2, -3, -4))
        #expect(a * 2 == Vector4(2, 4, 6, 8))
        #expect(2 * a == a * 2)
        #expect(a / 2 == Vector4(0.5, 1, 1.5, 2))
        #expect(a.dot(b) == -2 + 1 + 3 + 12)
        #expect(a.lengthSquared == 30)
        #expect(isClose(a.length, 30.0.squareRoot()))
        #expect(isClose(a.normalized().length, 1))
        #expect(Vector4.zero.normalized() == .zero)
        var c = a
        c += b
        c -= a
        #expect(c == b)
    }

    @Test func vector4SubscriptAddressesAxesInOrder() {
        var v = Vector4(1, 2, 3, 4)
        #expect((0..<4).map { v[$0] } == [1, 2, 3, 4])
        v[3] = 9
        v[0] = -1
        #expect(v == Vector4(-1, 2, 3, 9))
    }

    @Test func vector3Arithmetic() {
        let a = Vector3(1, 2, 3)
        let b = Vector3(-1, 0.5, 2)
        #expect(a + b == Vector3(0, 2.5, 5))
        #expect(a - b == Vector3(2, 1.5, 1))
        #expect(-a == Vector3(-1, -2, -3))
        #expect(a * 3 == 3 * a)
        #expect(a / 2 == Vector3(0.5, 1, 1.5))
        #expect(a.dot(b) == 6)
        #expect(isClose(a.length, 14.0.squareRoot()))
        #expect(isClose(a.normalized().length, 1))
        #expect(Vector3.zero.normalized() == .zero)
    }

    @Test func vector3CrossProductIsRightHandedAndOrthogonal() {
        #expect(Vector3(1, 0, 0).cross(Vector3(0, 1, 0)) == Vector3(0, 0, 1))
        let a = Vector3(1, 2, 3)
        let b = Vector3(-4, 0.5, 2)
        let c = a.cross(b)
        #expect(isClose(c.dot(a), 0) && isClose(c.dot(b), 0))
        #expect(b.cross(a) == -c)
    }

    @Test func edgeStoresSmallerIndexFirst() {
        #expect(Edge(7, 3) == Edge(3, 7))
        #expect(Edge(7, 3).a == 3 && Edge(7, 3).b == 7)
    }
}
