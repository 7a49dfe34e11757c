import Foundation
import HyperImage
import Testing

struct PNGCodecTests {
    @Test func roundTripIsExact() throws {
        let image = TestImages.random(width: 37, height: 23, seed: 1)
        let encoded = try PNGCodec.encode(image)
        #expect(Array(encoded.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(try PNGCodec.decode(encoded) == image)
    }

    @Test func roundTripOfLargeIncompressibleImage() throws {
        let image = TestImages.random(width: 640, height: 360, seed: 2)
        #expect(try PNGCodec.decode(PNGCodec.encode(image)) == image)
    }

    @Test func garbageIsRejected() {
        let garbage = (0..<256).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        let error = #expect(throws: ImageError.self) { try PNGCodec.decode(garbage) }
        #expect(error?.code == .decodeFailed)
        #expect(error?.message.isEmpty == false)
    }

    @Test func emptyInputIsRejected() {
        let error = #expect(throws: ImageError.self) { try PNGCodec.decode([]) }
        #expect(error?.code == .decodeFailed)
    }

    @Test func truncatedPNGIsRejected() throws {
        let encoded = try PNGCodec.encode(TestImages.random(width: 64, height: 64, seed: 3))
        for length in [20, 40, encoded.count / 2, encoded.count - 13] {
            let error = #expect(throws: ImageError.self) { try PNGCodec.decode(Array(encoded.prefix(length))) }
            #expect(error?.code == .decodeFailed)
        }
    }

    @Test func inconsistentImageIsRejected() {
        var image = RGBAImage(width: 4, height: 4, fill: (1, 2, 3, 4))
        image.pixels.removeLast()
        let error = #expect(throws: ImageError.self) { try PNGCodec.encode(image) }
        #expect(error?.code == .invalidImage)
        let empty = RGBAImage(width: 0, height: 3, pixels: [])
        #expect(throws: ImageError.self) { try PNGCodec.encode(empty) }
    }

    @Test func sixteenBitRGBIsScaledToEightBits() throws {
        let image = try decodeBase64(
            "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABEAIAAAAr0DSeAAAAFElEQVR4nGP4/5+BoaFByOQfkAYAJtsFQqswKEUAAAAASUVORK5CYII=")
        #expect(image.width == 2 && image.height == 1)
        #expect(image[0, 0] == (255, 0, 128, 255))
        #expect(image[1, 0] == (18, 254, 0, 255))
    }

    @Test func grayAlphaIsExpanded() throws {
        let image = try decodeBase64(
            "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAQAAABeK7cBAAAADUlEQVR4nGPwPfGfAQAFjwIVrpCe6QAAAABJRU5ErkJggg==")
        #expect(image[0, 0] == (77, 77, 77, 200))
        #expect(image[1, 0].a == 0)
    }

    @Test func paletteWithTransparencyIsExpanded() throws {
        let image = try decodeBase64(
            "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAMAAADD/I+4AAAABlBMVEUKFB768ObE3NuxAAAAAXRSTlModVNwnAAAAAtJREFUeJxj"
                + "YGAEAAAEAAK/ej9KAAAAAElFTkSuQmCC")
        #expect(image[0, 0] == (10, 20, 30, 40))
        #expect(image[1, 0] == (250, 240, 230, 255))
    }

    @Test func oneBitGrayIsExpanded() throws {
        let image = try decodeBase64(
            "iVBORw0KGgoAAAANSUhEUgAAAAgAAAABAQAAAADLe9LuAAAACklEQVR4nGPYAAAAsgCxVQroKgAAAABJRU5ErkJggg==")
        #expect(image.width == 8)
        let levels = (0..<8).map { image[$0, 0].g }
        #expect(levels == [255, 0, 255, 255, 0, 0, 0, 0])
    }

    @Test func fileRoundTripReplacesAtomically() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("frame.png")
        let first = TestImages.random(width: 9, height: 7, seed: 4)
        let second = TestImages.gradient(width: 12, height: 5)
        try PNGCodec.write(first, to: url)
        try PNGCodec.write(second, to: url)
        #expect(try PNGCodec.read(from: url) == second)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["frame.png"])
    }

    @Test func writeToMissingDirectoryNamesThePath() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("missing/frame.png")
        let error = #expect(throws: ImageError.self) {
            try PNGCodec.write(RGBAImage(width: 2, height: 2, fill: (0, 0, 0, 255)), to: url)
        }
        #expect(error?.code == .writeFailed)
        #expect(error?.message.contains(url.path) == true)
    }

    @Test func readOfMissingFileNamesThePath() {
        let url = URL(fileURLWithPath: "/nonexistent-hyperimage-dir/none.png")
        let error = #expect(throws: ImageError.self) { try PNGCodec.read(from: url) }
        #expect(error?.code == .readFailed)
        #expect(error?.description.contains("/nonexistent-hyperimage-dir/none.png") == true)
    }

    @Test func readOfCorruptFileNamesThePath() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("corrupt.png")
        try Data("not a png".utf8).write(to: url)
        let error = #expect(throws: ImageError.self) { try PNGCodec.read(from: url) }
        #expect(error?.code == .decodeFailed)
        #expect(error?.message.contains(url.path) == true)
    }

    private func decodeBase64(_ text: String) throws -> RGBAImage {
        try PNGCodec.decode([UInt8](try #require(Data(base64Encoded: text))))
    }

    private func makeTemporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("HyperImageTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
