import HyperScene
import Testing

struct RGBTests {
    @Test func hexDecodesSRGBToLinear() throws {
        #expect(RGB(hex: "#000000") == RGB(0, 0, 0))
        #expect(RGB(hex: "#ffffff") == RGB(1, 1, 1))
        let grey = try #require(RGB(hex: "#808080"))
        #expect(abs(grey.r - 0.21586050011389926) < 1e-12)
        #expect(RGB(hex: "#FF8000") == RGB(hex: "#ff8000"))
    }

    @Test(arguments: ["", "#", "ff8000", "#ff800", "#ff80000", "#ff80g0", "#ff 800", "ff8000#", "#ff8０00"])
    func malformedHexIsRejected(_ text: String) {
        #expect(RGB(hex: text) == nil)
    }

    @Test func hexRoundTrips() throws {
        for text in ["#05060f", "#808080", "#ff8000", "#fde725", "#000000", "#ffffff"] {
            #expect(try #require(RGB(hex: text)).hex == text)
        }
        #expect(RGB(2, -1, 0.5).hex == RGB(1, 0, 0.5).hex)
    }

    @Test func sRGBEncodingInvertsHexDecoding() throws {
        let orange = try #require(RGB(hex: "#ff8000")).sRGBEncoded
        #expect(abs(orange.r - 1) < 1e-12 && abs(orange.g - 128.0 / 255) < 1e-12 && abs(orange.b) < 1e-12)
    }

    @Test func defaultBackgroundIsTheDocumentedHexColour() {
        #expect(Scene.defaultBackground.hex == "#05060f")
        let decoded = RGB(hex: "#05060f")
        #expect(decoded.map { abs($0.b - Scene.defaultBackground.b) < 1e-15 } == true)
    }
}
