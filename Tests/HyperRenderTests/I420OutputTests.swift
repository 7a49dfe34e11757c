import CYUV
import HyperImage
import HyperRender
import Testing

/// The GPU's RGBA→I420 stage agrees with libyuv's ABGRToI420 on the same RGBA, sample for sample.
@Suite struct I420OutputTests {
    @Test(arguments: [(320, 180), (322, 182), (64, 36)])
    func gpuConversionMatchesLibyuv(size: (Int, Int)) throws {
        let plan = try RenderFixtures.plan(RenderFixtures.scene("clifford-torus"), width: size.0, height: size.1)
        let frame = try RenderFixtures.gpu(plan).render(time: 2.2)
        let image = try #require(frame.rgba)
        let layout = frame.i420.layout
        var planes = [UInt8](repeating: 0, count: layout.byteCount)
        image.pixels.withUnsafeBufferPointer { source in
            planes.withUnsafeMutableBufferPointer { out in
                let base = out.baseAddress!
                _ = ABGRToI420(
                    source.baseAddress, Int32(image.width * 4),
                    base + layout.yOffset, Int32(layout.yStride),
                    base + layout.uOffset, Int32(layout.uvStride),
                    base + layout.vOffset, Int32(layout.uvStride),
                    Int32(image.width), Int32(image.height)
                )
            }
        }
        let libyuv = I420Frame(layout: layout, bytes: planes)
        #expect(ImageComparison.maxAbsoluteDifference(frame.i420, libyuv) <= 1)
        #expect(ImageComparison.maxAbsoluteDifference(frame.i420, I420Frame(converting: image)) == 0)
    }

    @Test func planesAreNotBlank() throws {
        let frame = try RenderFixtures.gpu(RenderFixtures.plan(RenderFixtures.scene("tesseract"))).render(time: 1)
        let lumas = (0..<180).flatMap { y in (0..<320).map { x in frame.i420.y(x, y) } }
        #expect(lumas.min()! <= 24)
        #expect(lumas.max()! >= 100)
    }
}
