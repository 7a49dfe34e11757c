import Foundation
import HyperScene
import Testing

struct SceneValidationTests {
    @Test(arguments: BadDocument.all)
    func badDocumentIsRejectedPrecisely(_ document: BadDocument) {
        let error = #expect(throws: SceneError.self) {
            try SceneLoader.decode(Data(document.json.utf8), file: "assets/scenes/bad.json")
        }
        #expect(error?.code == document.code)
        #expect(error?.jsonPath == document.path)
        #expect(error?.file == "assets/scenes/bad.json")
        #expect(error?.description.hasPrefix("assets/scenes/bad.json: \(document.path): ") == true)
    }

    @Test func unknownPlaneMessageListsThePlanes() {
        let json = """
            {"name": "b", "objects": [
                {"shape": {"kind": "regular", "name": "5-cell"}},
                {"shape": {"kind": "regular", "name": "5-cell"}, "rotation": {"angularVelocity": {"xy": 1, "xq": 2}}}
            ]}
            """
        let error = #expect(throws: SceneError.self) {
            try SceneLoader.decode(Data(json.utf8), file: "assets/scenes/bad.json")
        }
        #expect(
            error?.description == "assets/scenes/bad.json: $.objects[1].rotation.angularVelocity.xq: "
                + "unknown rotation plane 'xq' (expected one of xy, xz, xw, yz, yw, zw)"
        )
    }

    @Test func messagesNameTheProblemAndTheAlternatives() throws {
        let cases: [(String, String)] = [
            (
                BadDocument.scene(top: #""camera": {"fovdegrees": 30},"#),
                "unknown key 'fovdegrees'; did you mean 'fovDegrees'? "
                    + "(allowed keys: position, target, up, fovDegrees, stereo, eyeSeparation)"
            ),
            (
                #"{"name": "b", "objects": [{"shape": {"kind": "regular", "name": "8-cell"}}]}"#,
                "unknown regular polytope '8-cell'; did you mean 'tesseract'? (expected one of 5-cell, tesseract, "
                    + "16-cell, 24-cell, 120-cell, 600-cell)"
            ),
            (
                BadDocument.scene(object: #""colorMap": "plasm","#),
                "unknown colour map 'plasm'; did you mean 'plasma'? (expected one of "
                    + ColorMap.names.joined(separator: ", ") + ")"
            ),
            (BadDocument.scene(object: #""scale": -1,"#), "must be > 0, got -1"),
            (BadDocument.scene(object: #""scale": 1e400,"#), "number 1e400 is too large to represent"),
            (BadDocument.scene(object: #""scale": "big","#), "expected a number, found a string"),
            (BadDocument.scene(top: #""style": {"edgeOpacity": 1.5},"#), "must be in 0...1, got 1.5"),
            (
                BadDocument.scene(top: ##""background": "#05060g","##),
                ##"malformed colour '#05060g' (expected "#rrggbb" with 6 hex digits)"##
            ),
            (#"{"name": "b", "objects": []}"#, "must contain at least one object"),
            (#"{"name": "b"}"#, "missing required key 'objects'"),
            (#"{"name": "b",}"#, "expected a string key, found '}' (line 1, column 14)"),
            (
                "{\n  \"name\": \"b\"\n  \"objects\": []\n}",
                "expected ',' or '}' in object, found '\"' (line 3, column 3)"
            ),
        ]
        for (json, message) in cases {
            let error = #expect(throws: SceneError.self) { try SceneLoader.decode(Data(json.utf8), file: "f.json") }
            #expect(error?.message == message)
        }
    }

    @Test func invalidUTF8IsInvalidJSON() {
        let error = #expect(throws: SceneError.self) {
            try SceneLoader.decode(Data([0x7B, 0x22, 0xFF, 0x22, 0x7D]), file: "binary.json")
        }
        #expect(error?.code == .invalidJSON)
        #expect(error?.description == "binary.json: $: not UTF-8")
    }

    @Test func deepNestingIsRejectedWithoutCrashing() {
        let json = #"{"name": "deep", "extra": "# + String(repeating: "[", count: 100_000) + "}"
        let error = #expect(throws: SceneError.self) { try SceneLoader.decode(Data(json.utf8), file: "deep.json") }
        #expect(error?.code == .invalidJSON)
    }
}
