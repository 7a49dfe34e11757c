import Foundation
import HTTPTypes
import HyperJSON
import HyperMedia
import Testing

@testable import HyperControl

/// The plain values of the control plane: paging, picture sizes, session requests and the GPU budget.
struct ValueTests {
    @Test func pageParametersAreValidated() throws {
        #expect(try PageRequest(limit: nil, offset: nil) == PageRequest(limit: 50, offset: 0))
        #expect(try PageRequest(limit: "500", offset: "7") == PageRequest(limit: 500, offset: 7))
        for (limit, offset) in [("0", "0"), ("501", "0"), ("x", "0"), ("10", "-1"), ("10", "1.5")] {
            #expect(throws: ProblemDetails.self) { try PageRequest(limit: limit, offset: offset) }
        }
        #expect(PageRequest(limit: 2, offset: 1).slice([5, 4, 3, 2]) == [4, 3])
    }

    @Test func pictureSizesMustBeEvenAndWellFormed() throws {
        #expect(try PictureSize(parsing: "1920x1080") == PictureSize(width: 1920, height: 1080))
        for text in ["1920", "1920x", "x1080", "-2x4", "8x8", "1921x1080", "axb", "1920x1080x2"] {
            #expect(throws: PictureSize.ParseError.self) { try PictureSize(parsing: text) }
        }
    }

    @Test func sessionRequestsTakeDefaultsAndRespectTheCaps() throws {
        var flags = FlagSet()
        let scenes = ["tesseract", "5-cell"]
        let request = try SessionRequest(json: ["scene": "tesseract"], flags: flags, scenes: scenes)
        #expect(request.size == PictureSize(width: 1280, height: 720))
        #expect(request.framesPerSecond == 30 && request.codec == .vp8 && request.bitrate == 2_000_000)
        #expect(request.pixelRate == 1280 * 720 * 30)
        let vp9 = try SessionRequest(json: ["scene": "tesseract", "codec": "vp9"], flags: flags, scenes: scenes)
        #expect(vp9.codec == .vp9)

        _ = try flags.set("fps_cap", to: 60, by: "t", at: Date())
        _ = try flags.set("resolution_cap", to: "1280x720", by: "t", at: Date())
        let refusals: [(JSONObject, String)] = [
            ([:], "scene is required; known scenes: tesseract, 5-cell"),
            (["scene": "klein-bottle"], "unknown scene \"klein-bottle\"; known scenes: tesseract, 5-cell"),
            (["scene": "tesseract", "size": "1920x1080"], "exceeds the resolution_cap flag (1280x720)"),
            (["scene": "tesseract", "size": 720], "size: expected a string"),
            (["scene": "tesseract", "fps": 90], "fps: 90.0 is outside 1...60"),
            (["scene": "tesseract", "fps": "fast"], "fps: expected a number"),
            (["scene": "tesseract", "codec": "av1"], "'av1' is not one of vp8, vp9"),
            (["scene": "tesseract", "bitrate": 1], "outside 100000...50000000"),
        ]
        for (body, reason) in refusals {
            let problem = #expect(throws: ProblemDetails.self) {
                try SessionRequest(json: body, flags: flags, scenes: scenes)
            }
            #expect(problem?.status.code == 422)
            #expect(problem?.detail.contains(reason) == true, "\(problem?.detail ?? "") lacks \(reason)")
        }
        let unknown = #expect(throws: ProblemDetails.self) {
            try SessionRequest(json: ["scene": "tesseract", "colour": "red"], flags: flags, scenes: scenes)
        }
        #expect(unknown?.status == .badRequest)
    }

    @Test func theBudgetCountsReservationsInFlight() {
        var budget = PixelRateBudget(limit: 1000)
        #expect(budget.reserve(600, for: "a", inUse: 100) == nil)
        #expect(budget.reserve(400, for: "b", inUse: 100)?.contains("700 are in use") == true)
        budget.release("a")
        #expect(budget.reserve(400, for: "b", inUse: 100) == nil)
    }
}
