extension SceneObject {
    static let jsonKeys = ["shape", "position", "scale", "rotation", "colorMap", "wRange"]

    /// Reads one entry of `objects`; only `shape` is required.
    init(json node: JSONNode) throws(SceneError) {
        let object = try node.object(keys: Self.jsonKeys)
        self.init(shape: try Shape(json: object.required("shape")))
        if let position = object["position"] { self.position = try position.vector4() }
        if let scale = object["scale"] { self.scale = try scale.positiveNumber() }
        if let rotation = object["rotation"] {
            let motion = try rotation.object(keys: ["initial", "angularVelocity"])
            if let initial = motion["initial"] { initialAngles = try initial.planeValues() }
            if let velocity = motion["angularVelocity"] { angularVelocity = try velocity.planeValues() }
        }
        if let colorMap = object["colorMap"] { self.colorMap = try ColorMap(json: colorMap) }
        if let range = object["wRange"] {
            let bounds = try range.numbers(count: 2)
            guard bounds[0] < bounds[1] else {
                let got = "[\(JSONNode.format(bounds[0])), \(JSONNode.format(bounds[1]))]"
                throw range.error(.invalidValue, "lower bound must be less than upper bound, got \(got)")
            }
            wRange = bounds[0]...bounds[1]
        } else {
            wRange = Self.spanningWRange(position: position, scale: scale)
        }
    }
}
