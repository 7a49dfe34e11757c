import Foundation
import HyperGeometry
import HyperScene
import Testing

struct SceneDecodingTests {
    /// A scene of one 5-cell, with raw JSON `members` (each ending in a comma) added to the top level.
    private func fiveCell(name: String = "n", _ members: String = "") -> String {
        #"{"name": "\#(name)", \#(members) "objects": [{"shape": {"kind": "regular", "name": "5-cell"}}]}"#
    }

    private func decode(_ json: String) throws(SceneError) -> Scene {
        try SceneLoader.decode(Data(json.utf8), file: "test.json")
    }

    @Test func minimalDocumentGetsDefaults() throws {
        let scene = try decode(#"{"name": "m", "objects": [{"shape": {"kind": "regular", "name": "tesseract"}}]}"#)
        #expect(scene.name == "m")
        #expect(scene.description == "")
        #expect(scene.background == Scene.defaultBackground)
        #expect(scene.projection == .perspective(eyeW: 3))
        #expect(scene.camera == .standard)
        #expect(scene.style == .standard)
        #expect(scene.duration == nil)
        #expect(scene.objects == [SceneObject(shape: .regular(.tesseract))])
        let object = try #require(scene.objects.first)
        #expect(object.position == .zero)
        #expect(object.scale == 1)
        #expect(object.initialAngles.isEmpty && object.angularVelocity.isEmpty)
        #expect(object.colorMap == .standard)
        #expect(object.wRange == -1...1)
    }

    @Test func standardValuesAreTheDocumentedOnes() {
        let camera = Camera.standard
        #expect(camera.position == Vector3(0, 0, 3.8) && camera.target == .zero && camera.up == Vector3(0, 1, 0))
        #expect(camera.fovDegrees == 45 && !camera.stereo && camera.eyeSeparation == 0.064)
        let style = RenderStyle.standard
        #expect(style.edgeWidth == 2.5 && style.vertexRadius == 3 && style.edgeOpacity == 0.9)
        #expect(!style.faces && style.faceOpacity == 0.12 && style.antialias && style.depthCue == 0.5)
    }

    @Test func partialSectionsKeepTheRemainingDefaults() throws {
        let scene = try decode(
            """
            {
                "name": "partial",
                "camera": {"fovDegrees": 30, "stereo": true},
                "style": {"faces": true},
                "projection": {"kind": "stereographic"},
                "objects": [
                    {"shape": {"kind": "duoprism", "p": 3, "q": 64}, "scale": 2.5},
                    {"shape": {"kind": "regular", "name": "24-cell"}, "position": [0, 0, 0, -2], "scale": 0.5}
                ]
            }
            """
        )
        var camera = Camera.standard
        camera.fovDegrees = 30
        camera.stereo = true
        #expect(scene.camera == camera)
        var style = RenderStyle.standard
        style.faces = true
        #expect(scene.style == style)
        #expect(scene.projection == .stereographic(radius: 1))
        #expect(scene.objects[0].shape == .duoprism(p: 3, q: 64))
        #expect(scene.objects[0].wRange == -2.5...2.5)
        #expect(scene.objects[1].wRange == -2.5 ... -1.5)
    }

    @Test func everyKeyIsRead() throws {
        let scene = try decode(
            """
            {
                "name": "full",
                "description": "all keys",
                "background": [0.1, 0.2, 0.3],
                "projection": {"kind": "slice", "w": -0.25},
                "camera": {
                    "position": [1, 2, 3], "target": [0, 1, 0], "up": [0, 0, 1],
                    "fovDegrees": 60, "stereo": true, "eyeSeparation": 0.1
                },
                "style": {
                    "edgeWidth": 4, "vertexRadius": 0, "edgeOpacity": 0.5, "faces": true,
                    "faceOpacity": 0.3, "antialias": false, "depthCue": 1
                },
                "duration": 12.5,
                "objects": [
                    {
                        "shape": {"kind": "clifford-torus", "major": 256, "minor": 3},
                        "position": [1, -2, 3, -4],
                        "scale": 0.5,
                        "rotation": {"initial": {"xw": 0.3}, "angularVelocity": {"xy": 0.25, "zw": -0.5}},
                        "colorMap": ["#000000", [1, 1, 1]],
                        "wRange": [-0.2, 0.4]
                    },
                    {"shape": {"kind": "regular", "name": "600-cell"}, "colorMap": "ice"}
                ]
            }
            """
        )
        let expected = Scene(
            name: "full",
            description: "all keys",
            background: RGB(0.1, 0.2, 0.3),
            projection: .slice(w: -0.25),
            camera: Camera(
                position: Vector3(1, 2, 3), target: Vector3(0, 1, 0), up: Vector3(0, 0, 1),
                fovDegrees: 60, stereo: true, eyeSeparation: 0.1
            ),
            style: RenderStyle(
                edgeWidth: 4, vertexRadius: 0, edgeOpacity: 0.5, faces: true, faceOpacity: 0.3, antialias: false,
                depthCue: 1
            ),
            objects: [
                SceneObject(
                    shape: .cliffordTorus(major: 256, minor: 3),
                    position: Vector4(1, -2, 3, -4),
                    scale: 0.5,
                    initialAngles: [.xw: 0.3],
                    angularVelocity: [.xy: 0.25, .zw: -0.5],
                    colorMap: ColorMap(stops: [RGB(0, 0, 0), RGB(1, 1, 1)]),
                    wRange: -0.2...0.4
                ),
                SceneObject(shape: .regular(.hexacosichoron), colorMap: try #require(ColorMap.named("ice"))),
            ],
            duration: 12.5
        )
        #expect(scene == expected)
    }

    @Test(arguments: RegularPolytope.allCases)
    func everyRegularPolytopeNameIsAccepted(_ polytope: RegularPolytope) throws {
        let json = #"{"name": "r", "objects": [{"shape": {"kind": "regular", "name": "\#(polytope.rawValue)"}}]}"#
        #expect(try decode(json).objects[0].shape == .regular(polytope))
    }

    @Test func everyProjectionKindIsAccepted() throws {
        let cases: [(String, SceneProjection)] = [
            (#"{"kind": "perspective"}"#, .perspective(eyeW: 3)),
            (#"{"kind": "perspective", "eyeW": 4.5}"#, .perspective(eyeW: 4.5)),
            (#"{"kind": "stereographic", "radius": 2}"#, .stereographic(radius: 2)),
            (#"{"kind": "orthographic"}"#, .orthographic),
            (#"{"kind": "slice"}"#, .slice(w: 0)),
            (#"{"kind": "slice", "w": 0.5}"#, .slice(w: 0.5)),
        ]
        for (json, projection) in cases {
            #expect(try decode(fiveCell(#""projection": \#(json),"#)).projection == projection)
        }
    }

    @Test func stringsHonourEveryJSONEscape() throws {
        let json = fiveCell(name: #"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00"#)
        #expect(try decode(json).name == "a\"b\\c/d\u{08}\u{0C}\n\r\té😀")
    }

    @Test func numberSyntaxIsFullJSON() throws {
        for (text, value) in [("2", 2.0), ("-0.5e1", -5), ("1E-1", 0.1), ("2.5e+0", 2.5), ("1e-400", 0)] {
            let json = fiveCell(#""projection": {"kind": "slice", "w": \#(text)},"#)
            #expect(try decode(json).projection == .slice(w: value))
        }
    }

    @Test func byteOrderMarkAndSurroundingWhitespaceAreAccepted() throws {
        let body =
            " \n\t{\"name\": \"bom\", \"objects\": [{\"shape\": {\"kind\": \"regular\", \"name\": \"5-cell\"}}]}\r\n"
        #expect(try SceneLoader.decode(Data([0xEF, 0xBB, 0xBF] + Array(body.utf8)), file: "bom.json").name == "bom")
    }

    @Test func loadReadsFilesAndReportsUnreadableOnes() throws {
        let url = RepositoryScenes.directory.appendingPathComponent("tesseract.json")
        #expect(try SceneLoader.load(contentsOf: url).name == "tesseract")

        let missing = URL(fileURLWithPath: "no/such/scene.json")
        let error = #expect(throws: SceneError.self) { try SceneLoader.load(contentsOf: missing) }
        #expect(error?.code == .unreadableFile)
        #expect(error?.description == "no/such/scene.json: no such file")

        let directoryError = #expect(throws: SceneError.self) {
            try SceneLoader.load(contentsOf: RepositoryScenes.directory)
        }
        #expect(directoryError?.code == .unreadableFile)
    }
}
