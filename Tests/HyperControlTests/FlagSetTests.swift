import Foundation
import HyperJSON
import HyperSFU
import HyperScene
import Testing

@testable import HyperControl

/// Flag validation and the flag → render option mapping, as plain values.
struct FlagSetTests {
    @Test func everyRequiredFlagExistsWithItsType() {
        let flags = FlagSet()
        let types = Dictionary(
            uniqueKeysWithValues: flags.all.map { ($0.definition.name.rawValue, $0.definition.type.name) })
        #expect(
            types == [
                "experimental_features": "bool", "advanced_rendering": "bool", "projection": "enum", "stereo": "bool",
                "resolution_cap": "size", "fps_cap": "int", "codec": "enum", "bitrate": "int",
            ]
        )
    }

    @Test(arguments: [
        ("experimental_features", JSONValue.integer(1), "expected a boolean, got an integer"),
        ("advanced_rendering", .string("true"), "expected a boolean, got a string"),
        ("projection", .string("fisheye"), "'fisheye' is not one of"),
        ("stereo", .null, "expected a boolean, got null"),
        ("resolution_cap", .string("7682x4320"), "exceeds the maximum 7680x4320"),
        ("resolution_cap", .string("1281x720"), "odd dimension"),
        ("resolution_cap", .string("big"), "is not a size"),
        ("fps_cap", .integer(0), "0 is out of range 1...240"),
        ("fps_cap", .integer(241), "241 is out of range 1...240"),
        ("fps_cap", .number(29.97), "expected an integer, got a number"),
        ("codec", .string("h264"), "'h264' is not one of vp8, vp9"),
        ("bitrate", .integer(99_999), "out of range 100000...50000000"),
        ("bitrate", .integer(50_000_001), "out of range 100000...50000000"),
    ])
    func invalidValuesAreRefusedWithTheReason(name: String, value: JSONValue, reason: String) {
        var flags = FlagSet()
        #expect {
            try flags.set(name, to: value, by: "test", at: Date())
        } throws: { error in
            guard let error = error as? FlagError else { return false }
            return error.code == .invalidValue && error.message.contains(reason) && error.message.hasPrefix(name)
        }
        #expect(flags == FlagSet())
    }

    @Test func unknownFlagListsTheKnownOnes() {
        var flags = FlagSet()
        #expect(
            throws: FlagError(
                .unknownFlag, "no flag 'turbo'; flags: " + FlagName.allCases.map(\.rawValue).joined(separator: ", "))
        ) {
            try flags.set("turbo", to: true, by: "test", at: Date())
        }
    }

    @Test func validChangeRecordsWhoAndWhen() throws {
        var flags = FlagSet()
        let time = Date(timeIntervalSince1970: 1_700_000_000)
        let change = try flags.set("resolution_cap", to: "7680x4320", by: "alice", at: time)
        #expect(change.old == .string("3840x2160"))
        #expect(change.new == .string("7680x4320"))
        #expect(flags[.resolutionCap].updatedBy == "alice")
        #expect(flags[.resolutionCap].updatedAt == time)
        #expect(flags.resolutionCap == PictureSize(width: 7680, height: 4320))
    }

    @Test func flagsMapOntoLiveRenderOptions() throws {
        let scene = try SceneCatalog.locate().scene(named: "tesseract")
        var flags = FlagSet()
        #expect(LiveRenderOptions(scene: scene, flags: flags) == LiveRenderOptions(scene: scene))

        _ = try flags.set("projection", to: "stereographic", by: "t", at: Date())
        _ = try flags.set("advanced_rendering", to: false, by: "t", at: Date())
        _ = try flags.set("stereo", to: true, by: "t", at: Date())
        var options = LiveRenderOptions(scene: scene, flags: flags)
        #expect(options.projection == .stereographic(radius: 1))
        #expect(!options.faces && !options.antialias)
        #expect(options.stereo == scene.camera.stereo)

        _ = try flags.set("experimental_features", to: true, by: "t", at: Date())
        options = LiveRenderOptions(scene: scene, flags: flags)
        #expect(options.stereo)
    }

    @Test func projectionKeepsTheScenesParametersForItsOwnKind() {
        #expect(LiveRenderOptions.projection(named: "slice", authored: .slice(w: 0.4)) == .slice(w: 0.4))
        #expect(LiveRenderOptions.projection(named: "slice", authored: .perspective(eyeW: 2)) == .slice(w: 0))
        #expect(LiveRenderOptions.projection(named: "scene", authored: .orthographic) == .orthographic)
        #expect(LiveRenderOptions.projection(named: "perspective", authored: .orthographic) == .perspective(eyeW: 3))
    }

    @Test func startupOverridesParseBooleansAndRefuseAnythingElse() throws {
        let overrides = try StartupFlagOverrides(environment: [
            "EXPERIMENTAL_FEATURES": "TRUE", "ADVANCED_RENDERING": "0",
        ])
        #expect(overrides.values == [.experimentalFeatures: true, .advancedRendering: false])
        #expect(throws: ConfigurationError("ADVANCED_RENDERING", "'off' is not a boolean; use true, false, 1 or 0")) {
            try StartupFlagOverrides(environment: ["ADVANCED_RENDERING": "off"])
        }
    }
}
