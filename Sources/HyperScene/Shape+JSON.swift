import HyperGeometry

extension Shape {
    static let jsonKinds = ["regular", "duoprism", "clifford-torus"]

    /// Other names people use for the regular polytopes, so a rejected name can point at the accepted one.
    static let polytopeAliases: [String: RegularPolytope] = [
        "pentachoron": .pentachoron, "simplex": .pentachoron, "4-simplex": .pentachoron,
        "8-cell": .tesseract, "hypercube": .tesseract, "octachoron": .tesseract, "4-cube": .tesseract,
        "hexadecachoron": .hexadecachoron, "cross-polytope": .hexadecachoron, "orthoplex": .hexadecachoron,
        "icositetrachoron": .icositetrachoron, "octaplex": .icositetrachoron,
        "hecatonicosachoron": .hecatonicosachoron, "dodecaplex": .hecatonicosachoron,
        "hexacosichoron": .hexacosichoron, "tetraplex": .hexacosichoron,
    ]

    /// Reads `{"kind": "regular", "name": "600-cell"}`, `{"kind": "duoprism", "p": 5, "q": 7}` or
    /// `{"kind": "clifford-torus", "major": 32, "minor": 16}`.
    init(json node: JSONNode) throws(SceneError) {
        switch try node.kind(among: Self.jsonKinds, what: "shape kind") {
        case "regular":
            let nameNode = try node.object(keys: ["kind", "name"]).required("name")
            let name = try nameNode.string()
            guard let polytope = RegularPolytope(rawValue: name) else {
                let names = RegularPolytope.allCases.map(\.rawValue)
                let meant = Self.polytopeAliases[name.lowercased()]?.rawValue
                throw nameNode.error(
                    .invalidValue, Spelling.unknown("regular polytope", name, expected: names, meant: meant)
                )
            }
            self = .regular(polytope)
        case "duoprism":
            let object = try node.object(keys: ["kind", "p", "q"])
            let p = try object.required("p").integer(in: Self.duoprismSideRange)
            self = .duoprism(p: p, q: try object.required("q").integer(in: Self.duoprismSideRange))
        default:
            let object = try node.object(keys: ["kind", "major", "minor"])
            let major = try object.required("major").integer(in: Self.torusSegmentRange)
            self = .cliffordTorus(major: major, minor: try object.required("minor").integer(in: Self.torusSegmentRange))
        }
    }
}
