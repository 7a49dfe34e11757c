import HyperGeometry

extension JSONNode {
    /// Reads `[x, y, z]`.
    func vector3() throws(SceneError) -> Vector3 {
        let c = try numbers(count: 3)
        return Vector3(c[0], c[1], c[2])
    }

    /// Reads `[x, y, z, w]`.
    func vector4() throws(SceneError) -> Vector4 {
        let c = try numbers(count: 4)
        return Vector4(c[0], c[1], c[2], c[3])
    }

    /// Reads `{"xy": 0.25, "zw": 0.5}`: an angle (radians) or angular velocity (radians per second) per plane.
    func planeValues() throws(SceneError) -> [RotationPlane: Double] {
        var values: [RotationPlane: Double] = [:]
        let planeNames = RotationPlane.allCases.map(\.rawValue)
        for (key, node) in try members() {
            guard let plane = RotationPlane(rawValue: key) else {
                throw node.error(.unknownKey, Spelling.unknown("rotation plane", key, expected: planeNames))
            }
            values[plane] = try node.number()
        }
        return values
    }
}
