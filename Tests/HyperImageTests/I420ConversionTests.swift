import CYUV
import HyperImage
import Testing

struct I420ConversionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var width: Int
        var height: Int
        var strideAlignment: Int
        var testDescription: String { "\(width)x\(height) aligned to \(strideAlignment)" }
    }

    static let cases = [
        Case(width: 2, height: 2, strideAlignment: 16),
        Case(width: 16, height: 16, strideAlignment: 16),
        Case(width: 64, height: 48, strideAlignment: 1),
        Case(width: 322, height: 180, strideAlignment: 16),
        Case(width: 322, height: 180, strideAlignment: 64),
        Case(width: 100, height: 6, strideAlignment: 32),
        Case(width: 1282, height: 722, strideAlignment: 16),
    ]

    @Test func layoutOf322x180() {
        let layout = I420Layout(width: 322, height: 180)
        #expect(layout.yStride == 336)
        #expect(layout.uvStride == 176)
        #expect(layout.yOffset == 0)
        #expect(layout.uOffset == 336 * 180)
        #expect(layout.vOffset == 336 * 180 + 176 * 90)
        #expect(layout.byteCount == 336 * 180 + 2 * 176 * 90)
        #expect(layout.chromaWidth == 161 && layout.chromaHeight == 90)
    }

    @Test func tightLayout() {
        let layout = I420Layout(width: 6, height: 4, strideAlignment: 1)
        #expect(layout.yStride == 6 && layout.uvStride == 3)
        #expect(layout.byteCount == 24 + 6 + 6)
    }

    @Test(arguments: cases)
    func randomImageMatchesLibyuv(_ testCase: Case) {
        let image = TestImages.random(width: testCase.width, height: testCase.height, seed: UInt64(testCase.width))
        expectMatchesLibyuv(image, strideAlignment: testCase.strideAlignment)
    }

    @Test(arguments: cases)
    func extremeImageMatchesLibyuv(_ testCase: Case) {
        let image = TestImages.extremes(width: testCase.width, height: testCase.height, seed: 99)
        expectMatchesLibyuv(image, strideAlignment: testCase.strideAlignment)
    }

    @Test func everyUniformColourMatchesLibyuv() {
        var image = RGBAImage(width: 256, height: 2, fill: (0, 0, 0, 255))
        for step in 0..<3 {
            for x in 0..<256 {
                let value = UInt8(x)
                let rotated = [value, UInt8(255 - x), UInt8((x * 7) & 255)]
                image[x, 0] = (rotated[step], rotated[(step + 1) % 3], rotated[(step + 2) % 3], 255)
                image[x, 1] = image[x, 0]
            }
            expectMatchesLibyuv(image, strideAlignment: 16)
        }
    }

    @Test func blackAndWhite() {
        let black = I420Frame(converting: RGBAImage(width: 4, height: 4, fill: (0, 0, 0, 255)))
        #expect(black.y(3, 3) == 16 && black.u(1, 1) == 128 && black.v(1, 1) == 128)
        let white = I420Frame(converting: RGBAImage(width: 4, height: 4, fill: (255, 255, 255, 255)))
        #expect(white.y(0, 0) == 235 && white.u(0, 0) == 128 && white.v(0, 0) == 128)
    }

    @Test func primaries() {
        let red = I420Frame(converting: RGBAImage(width: 2, height: 2, fill: (255, 0, 0, 255)))
        #expect((red.y(0, 0), red.u(0, 0), red.v(0, 0)) == (82, 90, 239))
        let green = I420Frame(converting: RGBAImage(width: 2, height: 2, fill: (0, 255, 0, 255)))
        #expect((green.y(0, 0), green.u(0, 0), green.v(0, 0)) == (144, 54, 34))
        let blue = I420Frame(converting: RGBAImage(width: 2, height: 2, fill: (0, 0, 255, 255)))
        #expect((blue.y(0, 0), blue.u(0, 0), blue.v(0, 0)) == (41, 239, 110))
    }

    @Test func alphaIsIgnored() {
        let opaque = TestImages.random(width: 10, height: 8, seed: 5)
        var transparent = opaque
        for index in stride(from: 3, to: transparent.pixels.count, by: 4) {
            transparent.pixels[index] = 0
        }
        #expect(I420Frame(converting: opaque) == I420Frame(converting: transparent))
    }

    @Test func paddingIsZero() {
        let frame = I420Frame(converting: TestImages.random(width: 6, height: 4, seed: 6), strideAlignment: 16)
        let layout = frame.layout
        for row in 0..<layout.height {
            let start = layout.yOffset + row * layout.yStride
            #expect(frame.bytes[start + layout.width..<start + layout.yStride].allSatisfy { $0 == 0 })
        }
    }

    @Test func toRGBAOfSmoothGradientIsClose() {
        let image = TestImages.gradient(width: 322, height: 180)
        let restored = I420Frame(converting: image).toRGBA()
        #expect(restored.width == 322 && restored.height == 180)
        #expect(restored[5, 5].a == 255)
        #expect(ImageComparison.psnr(image, restored) > 35)
    }

    @Test func toRGBAOfGreysIsNearlyExact() {
        for level in stride(from: 0, through: 255, by: 15) {
            let value = UInt8(level)
            let grey = RGBAImage(width: 2, height: 2, fill: (value, value, value, 255))
            let restored = I420Frame(converting: grey).toRGBA()[1, 1]
            #expect(abs(Int(restored.r) - level) <= 1 && abs(Int(restored.g) - level) <= 1)
            #expect(abs(Int(restored.b) - level) <= 1)
        }
    }

    /// Converts with our code and with libyuv into identically laid out buffers and compares visible samples.
    private func expectMatchesLibyuv(
        _ image: RGBAImage, strideAlignment: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let ours = I420Frame(converting: image, strideAlignment: strideAlignment)
        let reference = libyuvABGRToI420(image, layout: ours.layout)
        let difference = ImageComparison.maxAbsoluteDifference(ours, reference)
        #expect(difference <= 1, "max |ours - libyuv| = \(difference)", sourceLocation: sourceLocation)
        #if arch(x86_64)
            // libyuv's x86 rows (and its C rows on x86) truncate chroma and average with pavgb, which we mirror.
            #expect(difference == 0, "expected bit-exact match on x86_64", sourceLocation: sourceLocation)
        #endif
    }

    private func libyuvABGRToI420(_ image: RGBAImage, layout: I420Layout) -> I420Frame {
        var bytes = [UInt8](repeating: 0, count: layout.byteCount)
        let status = image.pixels.withUnsafeBufferPointer { source in
            bytes.withUnsafeMutableBufferPointer { planes in
                let base = planes.baseAddress!
                return ABGRToI420(
                    source.baseAddress, Int32(4 * image.width),
                    base + layout.yOffset, Int32(layout.yStride),
                    base + layout.uOffset, Int32(layout.uvStride),
                    base + layout.vOffset, Int32(layout.uvStride),
                    Int32(image.width), Int32(image.height))
            }
        }
        #expect(status == 0)
        return I420Frame(layout: layout, bytes: bytes)
    }
}
