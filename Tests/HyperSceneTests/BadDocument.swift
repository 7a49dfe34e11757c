import HyperScene
import Testing

/// A scene document that must be rejected, with the exact code and JSON path of the error.
struct BadDocument: Sendable, CustomTestStringConvertible {
    let label: String
    let json: String
    let code: SceneError.Code
    let path: String

    var testDescription: String { label }

    /// A valid one-object scene (a tesseract), with raw JSON members (each ending in a comma) added to the
    /// top level and to the object.
    static func scene(top topMembers: String = "", object objectMembers: String = "") -> String {
        """
        {
            "name": "bad",
            \(topMembers)
            "objects": [{\(objectMembers) "shape": {"kind": "regular", "name": "tesseract"}}]
        }
        """
    }

    /// The whole document is `json`.
    static func raw(_ label: String, _ json: String, _ code: SceneError.Code, _ path: String) -> BadDocument {
        BadDocument(label: label, json: json, code: code, path: path)
    }

    /// `members` are added to the top level of a valid scene.
    static func top(_ label: String, _ members: String, _ code: SceneError.Code, _ path: String) -> BadDocument {
        BadDocument(label: label, json: scene(top: members), code: code, path: path)
    }

    /// `members` are added to the scene's only object.
    static func object(_ label: String, _ members: String, _ code: SceneError.Code, _ path: String) -> BadDocument {
        BadDocument(label: label, json: scene(object: members), code: code, path: path)
    }

    /// The scene's only object has `shape` as its shape.
    static func shape(_ label: String, _ shape: String, _ code: SceneError.Code, _ path: String) -> BadDocument {
        BadDocument(label: label, json: #"{"name": "bad", "objects": [{"shape": \#(shape)}]}"#, code: code, path: path)
    }
}

extension BadDocument {
    static let all: [BadDocument] = unknownKeys + missingKeys + wrongTypes + outOfRange + unknownNames + malformedJSON

    /// Unknown keys are caught (typos above all) with the path of the offending key.
    static let unknownKeys: [BadDocument] = [
        .top("unknown top-level key", ##""backgorund": "#000000","##, .unknownKey, "$.backgorund"),
        .top("unknown camera key", #""camera": {"fov": 30},"#, .unknownKey, "$.camera.fov"),
        .top("unknown style key", #""style": {"edgewidth": 3},"#, .unknownKey, "$.style.edgewidth"),
        .object("unknown object key", #""angularVelocity": {},"#, .unknownKey, "$.objects[0].angularVelocity"),
        .object(
            "unknown rotation key", #""rotation": {"velocity": {}},"#, .unknownKey, "$.objects[0].rotation.velocity"),
        .object(
            "unknown rotation plane", #""rotation": {"initial": {"wx": 1}},"#, .unknownKey,
            "$.objects[0].rotation.initial.wx"
        ),
        .top(
            "key not allowed for the projection kind", #""projection": {"kind": "orthographic", "eyeW": 3},"#,
            .unknownKey, "$.projection.eyeW"
        ),
        .shape(
            "key not allowed for the shape kind", #"{"kind": "duoprism", "p": 3, "q": 4, "r": 5}"#, .unknownKey,
            "$.objects[0].shape.r"
        ),
        .top("odd key is bracketed", #""my key": 1,"#, .unknownKey, #"$["my key"]"#),
    ]

    static let missingKeys: [BadDocument] = [
        .raw(
            "missing name", #"{"objects": [{"shape": {"kind": "regular", "name": "5-cell"}}]}"#, .missingKey, "$.name"),
        .raw("missing objects", #"{"name": "b"}"#, .missingKey, "$.objects"),
        .raw("missing shape", #"{"name": "b", "objects": [{"scale": 1}]}"#, .missingKey, "$.objects[0].shape"),
        .shape("missing shape kind", #"{"name": "5-cell"}"#, .missingKey, "$.objects[0].shape.kind"),
        .shape("missing polytope name", #"{"kind": "regular"}"#, .missingKey, "$.objects[0].shape.name"),
        .shape("missing duoprism q", #"{"kind": "duoprism", "p": 3}"#, .missingKey, "$.objects[0].shape.q"),
    ]

    /// Wrong types; numbers and booleans never stand in for each other.
    static let wrongTypes: [BadDocument] = [
        .raw("top level is an array", "[]", .invalidValue, "$"),
        .raw("name is a number", #"{"name": 3, "objects": []}"#, .invalidValue, "$.name"),
        .raw("objects is an object", #"{"name": "b", "objects": {}}"#, .invalidValue, "$.objects"),
        .object("scale is a boolean", #""scale": true,"#, .invalidValue, "$.objects[0].scale"),
        .top("faces is a number", #""style": {"faces": 1},"#, .invalidValue, "$.style.faces"),
        .top("antialias is null", #""style": {"antialias": null},"#, .invalidValue, "$.style.antialias"),
        .top("stereo is a string", #""camera": {"stereo": "yes"},"#, .invalidValue, "$.camera.stereo"),
        .top("projection is a string", #""projection": "perspective","#, .invalidValue, "$.projection"),
        .object("position has three components", #""position": [1, 2, 3],"#, .invalidValue, "$.objects[0].position"),
        .object(
            "position component is null", #""position": [1, 2, null, 4],"#, .invalidValue, "$.objects[0].position[2]"
        ),
        .object(
            "angle is a string", #""rotation": {"initial": {"xy": "0.5"}},"#, .invalidValue,
            "$.objects[0].rotation.initial.xy"
        ),
        .shape(
            "duoprism side is a string", #"{"kind": "duoprism", "p": "5", "q": 7}"#, .invalidValue,
            "$.objects[0].shape.p"),
    ]

    /// Out-of-range and non-finite numbers (JSON has no NaN, but 1e400 overflows a Double).
    static let outOfRange: [BadDocument] = [
        .object("negative scale", #""scale": -1,"#, .invalidValue, "$.objects[0].scale"),
        .object("zero scale", #""scale": 0,"#, .invalidValue, "$.objects[0].scale"),
        .object("huge scale", #""scale": 1e400,"#, .invalidValue, "$.objects[0].scale"),
        .object("huge negative w", #""position": [0, 0, 0, -1e400],"#, .invalidValue, "$.objects[0].position[3]"),
        .top("huge number under an unknown key", #""extra": 1e999,"#, .invalidValue, "$.extra"),
        .top("field of view of 180", #""camera": {"fovDegrees": 180},"#, .invalidValue, "$.camera.fovDegrees"),
        .top("field of view of 0", #""camera": {"fovDegrees": 0},"#, .invalidValue, "$.camera.fovDegrees"),
        .top(
            "negative eye separation", #""camera": {"eyeSeparation": -0.1},"#, .invalidValue, "$.camera.eyeSeparation"),
        .top("camera at its target", #""camera": {"position": [0, 0, 0]},"#, .invalidValue, "$.camera.position"),
        .top("up along the view", #""camera": {"up": [0, 0, -2]},"#, .invalidValue, "$.camera.up"),
        .top("edge opacity above 1", #""style": {"edgeOpacity": 1.2},"#, .invalidValue, "$.style.edgeOpacity"),
        .top("negative face opacity", #""style": {"faceOpacity": -0.1},"#, .invalidValue, "$.style.faceOpacity"),
        .top("depth cue above 1", #""style": {"depthCue": 2},"#, .invalidValue, "$.style.depthCue"),
        .top("negative edge width", #""style": {"edgeWidth": -1},"#, .invalidValue, "$.style.edgeWidth"),
        .top("zero eyeW", #""projection": {"kind": "perspective", "eyeW": 0},"#, .invalidValue, "$.projection.eyeW"),
        .top(
            "negative stereographic radius", #""projection": {"kind": "stereographic", "radius": -1},"#,
            .invalidValue, "$.projection.radius"
        ),
        .top("zero duration", #""duration": 0,"#, .invalidValue, "$.duration"),
        .shape("duoprism side of 2", #"{"kind": "duoprism", "p": 2, "q": 5}"#, .invalidValue, "$.objects[0].shape.p"),
        .shape("duoprism side of 65", #"{"kind": "duoprism", "p": 5, "q": 65}"#, .invalidValue, "$.objects[0].shape.q"),
        .shape(
            "fractional duoprism side", #"{"kind": "duoprism", "p": 3.5, "q": 5}"#, .invalidValue,
            "$.objects[0].shape.p"),
        .shape(
            "too many torus segments", #"{"kind": "clifford-torus", "major": 32, "minor": 300}"#, .invalidValue,
            "$.objects[0].shape.minor"
        ),
        .object("reversed wRange", #""wRange": [1, -1],"#, .invalidValue, "$.objects[0].wRange"),
        .top("background component above 1", #""background": [0, 1.5, 0],"#, .invalidValue, "$.background[1]"),
    ]

    /// Unknown names, empty collections and malformed colours.
    static let unknownNames: [BadDocument] = [
        .raw("empty objects", #"{"name": "b", "objects": []}"#, .invalidValue, "$.objects"),
        .raw(
            "empty name", #"{"name": "", "objects": [{"shape": {"kind": "regular", "name": "5-cell"}}]}"#,
            .invalidValue, "$.name"
        ),
        .shape("unknown polytope", #"{"kind": "regular", "name": "8-cell"}"#, .invalidValue, "$.objects[0].shape.name"),
        .shape("unknown shape kind", #"{"kind": "sphere"}"#, .invalidValue, "$.objects[0].shape.kind"),
        .top("unknown projection kind", #""projection": {"kind": "fisheye"},"#, .invalidValue, "$.projection.kind"),
        .object("unknown colour map", #""colorMap": "plasm","#, .invalidValue, "$.objects[0].colorMap"),
        .object("colour map with one stop", ##""colorMap": ["#ffffff"],"##, .invalidValue, "$.objects[0].colorMap"),
        .object(
            "colour map with nine stops",
            "\"colorMap\": [" + String(repeating: "\"#000000\", ", count: 8) + "\"#000000\"],",
            .invalidValue, "$.objects[0].colorMap"
        ),
        .object(
            "malformed colour stop", ##""colorMap": ["#000000", "#fff"],"##, .invalidValue, "$.objects[0].colorMap[1]"),
        .top("malformed hex background", ##""background": "#05060g","##, .invalidValue, "$.background"),
        .top("background without a hash", #""background": "05060f","#, .invalidValue, "$.background"),
        .top("background with four components", #""background": [0, 0, 0, 1],"#, .invalidValue, "$.background"),
    ]

    /// Malformed JSON, reported at the path the parser had reached.
    static let malformedJSON: [BadDocument] = [
        .raw("empty file", "", .invalidJSON, "$"),
        .raw(
            "trailing comma in an object", #"{"name": "b", "objects": [{"shape": {"kind": "regular"},}]}"#,
            .invalidJSON, "$.objects[0]"
        ),
        .raw(
            "trailing comma in an array", #"{"name": "b", "objects": [{"shape": {"kind": "regular"}},]}"#,
            .invalidJSON, "$.objects[1]"
        ),
        .raw(
            "truncated", #"{"name": "b", "objects": [{"shape": {"kind": "regular""#, .invalidJSON,
            "$.objects[0].shape"
        ),
        .raw("single quotes", "{'name': 'b'}", .invalidJSON, "$"),
        .raw("duplicate key", #"{"name": "a", "name": "b", "objects": []}"#, .invalidJSON, "$.name"),
        .object("leading zero", #""scale": 01,"#, .invalidJSON, "$.objects[0].scale"),
        .object("NaN literal", #""scale": NaN,"#, .invalidJSON, "$.objects[0].scale"),
        .object("bare decimal point", #""scale": 1.,"#, .invalidJSON, "$.objects[0].scale"),
        .object("plus sign", #""scale": +1,"#, .invalidJSON, "$.objects[0].scale"),
        .raw("comment", "// scene\n" + scene(), .invalidJSON, "$"),
        .raw("two documents", scene() + " {}", .invalidJSON, "$"),
        .raw("lone surrogate", #"{"name": "\ud800", "objects": []}"#, .invalidJSON, "$.name"),
        .raw("raw newline in a string", "{\"name\": \"a\nb\", \"objects\": []}", .invalidJSON, "$.name"),
        .raw("invalid escape", #"{"name": "a\qb", "objects": []}"#, .invalidJSON, "$.name"),
    ]
}
