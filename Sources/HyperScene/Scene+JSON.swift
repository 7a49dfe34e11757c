extension Scene {
    static let jsonKeys = ["name", "description", "background", "projection", "camera", "style", "duration", "objects"]

    /// Reads a whole scene document; `name` and a non-empty `objects` array are required.
    init(json node: JSONNode) throws(SceneError) {
        let object = try node.object(keys: Self.jsonKeys)
        let nameNode = try object.required("name")
        let name = try nameNode.string()
        guard !name.isEmpty else { throw nameNode.error(.invalidValue, "must not be empty") }
        let description = try object["description"]?.string() ?? ""
        let background = try object["background"].map { node throws(SceneError) in try RGB(json: node) }
        let projection = try object["projection"].map { node throws(SceneError) in try SceneProjection(json: node) }
        let camera = try object["camera"].map { node throws(SceneError) in try Camera(json: node) }
        let style = try object["style"].map { node throws(SceneError) in try RenderStyle(json: node) }
        let duration = try object["duration"]?.positiveNumber()

        let objectsNode = try object.required("objects")
        var objects: [SceneObject] = []
        for element in try objectsNode.array() {
            objects.append(try SceneObject(json: element))
        }
        guard !objects.isEmpty else { throw objectsNode.error(.invalidValue, "must contain at least one object") }

        self.init(
            name: name,
            description: description,
            background: background ?? Self.defaultBackground,
            projection: projection ?? .perspective(eyeW: 3),
            camera: camera ?? .standard,
            style: style ?? .standard,
            objects: objects,
            duration: duration
        )
    }
}
