import HyperGeometry

extension Camera {
    static let jsonKeys = ["position", "target", "up", "fovDegrees", "stereo", "eyeSeparation"]

    /// Reads a camera object; absent keys keep the values of `Camera.standard`.
    init(json node: JSONNode) throws(SceneError) {
        let object = try node.object(keys: Self.jsonKeys)
        self = .standard
        if let position = object["position"] { self.position = try position.vector3() }
        if let target = object["target"] { self.target = try target.vector3() }
        if let up = object["up"] { self.up = try up.vector3() }
        if let fov = object["fovDegrees"] { fovDegrees = try fov.number("in (0, 180)") { $0 > 0 && $0 < 180 } }
        if let stereo = object["stereo"] { self.stereo = try stereo.bool() }
        if let separation = object["eyeSeparation"] { eyeSeparation = try separation.number(">= 0") { $0 >= 0 } }

        let view = target - position
        guard view.length > 0 else {
            let culprit = object["target"] ?? object["position"] ?? node
            throw culprit.error(.invalidValue, "target must differ from position")
        }
        guard up.cross(view).length > 1e-9 * up.length * view.length else {
            let culprit = object["up"] ?? node
            throw culprit.error(.invalidValue, "up must be non-zero and not parallel to target - position")
        }
    }
}
