extension SceneProjection {
    static let jsonKinds = ["perspective", "stereographic", "orthographic", "slice"]

    /// Reads `{"kind": "perspective", "eyeW": 3}`, `{"kind": "stereographic", "radius": 1}`,
    /// `{"kind": "orthographic"}` or `{"kind": "slice", "w": 0}`; the numbers are optional.
    init(json node: JSONNode) throws(SceneError) {
        switch try node.kind(among: Self.jsonKinds, what: "projection kind") {
        case "perspective":
            let object = try node.object(keys: ["kind", "eyeW"])
            self = .perspective(eyeW: try object["eyeW"]?.positiveNumber() ?? 3)
        case "stereographic":
            let object = try node.object(keys: ["kind", "radius"])
            self = .stereographic(radius: try object["radius"]?.positiveNumber() ?? 1)
        case "orthographic":
            _ = try node.object(keys: ["kind"])
            self = .orthographic
        default:
            let object = try node.object(keys: ["kind", "w"])
            self = .slice(w: try object["w"]?.number() ?? 0)
        }
    }
}
