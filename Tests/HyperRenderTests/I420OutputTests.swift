import CYUV
import HyperImage
import HyperRender
import Testing

/// The GPU's RGBA→I420 stage agrees with libyuv's ABGRToI420 on the same RGBA, sample for sample; the libyuv
/// converter gives libyuv's planes; a renderer left to choose measures both and keeps the faster.
@Suite struct I420OutputTests {
    @Test(arguments: [(320, 180), (322, 182), (64, 36)])
    func gpuConversionMatchesLibyuv(size: (Int, Int)) throws {
        let plan = try RenderFixtures.plan(RenderFixtures.scene("clifford-torus"), width: size.0, height: size.1)
        let frame = try RenderFixtures.gpu(plan, i420: .shader).render(time: 2.2)
        let image = try #require(frame.rgba)
        let libyuv = Self.libyuv(image, layout: frame.i420.layout)
        #expect(ImageComparison.maxAbsoluteDifference(frame.i420, libyuv) <= 1)
        #expect(ImageComparison.maxAbsoluteDifference(frame.i420, I420Frame(converting: image)) == 0)
    }

    @Test(arguments: [(320, 180), (322, 182)])
    func libyuvConverterGivesLibyuvPlanes(size: (Int, Int)) throws {
        let plan = try RenderFixtures.plan(RenderFixtures.scene("600-cell"), width: size.0, height: size.1)
        let renderer = try RenderFixtures.gpu(plan, framesInFlight: 2, i420: .libyuv)
        #expect(renderer.i420Converter == .libyuv)
        var frames: [RenderedFrame] = []
        try renderer.renderSequence(times: [0.2, 0.4, 0.6], readRGBA: true) { _, frame in frames.append(frame.copied())
        }
        for frame in frames {
            let image = try #require(frame.rgba)
            #expect(frame.i420 == Self.libyuv(image, layout: frame.i420.layout))
        }
        let shader = try RenderFixtures.gpu(plan, i420: .shader).render(time: 0.4)
        #expect(shader.rgba == frames[1].rgba, "the converter does not change the picture")
        #expect(ImageComparison.maxAbsoluteDifference(shader.i420, frames[1].i420) <= 1)
    }

    @Test func measuredChoiceKeepsTheFasterConverter() throws {
        let plan = try RenderFixtures.plan(RenderFixtures.scene("tesseract"))
        let renderer = try RenderFixtures.gpu(plan, i420: nil)
        let calibration = try #require(renderer.i420Calibration)
        #expect(calibration.chosen == renderer.i420Converter)
        #expect(calibration.libyuvMilliseconds > 0)
        if let shader = calibration.shaderMilliseconds {
            #expect(calibration.chosen == (calibration.libyuvMilliseconds < shader ? .libyuv : .shader))
        }
        let frame = try renderer.render(time: 0.3)
        #expect(
            ImageComparison.maxAbsoluteDifference(
                frame.i420, Self.libyuv(try #require(frame.rgba), layout: frame.i420.layout)) <= 1)
    }

    /// A second renderer of the same size on the same device takes the measured choice without rendering to time it;
    /// another size is measured again.
    @Test func theChoiceIsMeasuredOncePerDeviceAndSize() throws {
        let device = try VulkanDevice()
        let plan = try RenderFixtures.plan(RenderFixtures.scene("tesseract"))
        let first = try GPURenderer(device: device, plan: plan, i420: nil)
        #expect(first.framesSubmitted == 3)
        let second = try GPURenderer(device: device, plan: plan, i420: nil)
        #expect(second.framesSubmitted == 0)
        #expect(second.i420Calibration == first.i420Calibration && second.i420Converter == first.i420Converter)
        let other = try GPURenderer(
            device: device, plan: try RenderFixtures.plan(RenderFixtures.scene("tesseract"), width: 160, height: 90),
            i420: nil)
        #expect(other.framesSubmitted == 3)
    }

    static func libyuv(_ image: RGBAImage, layout: I420Layout) -> I420Frame {
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
        return I420Frame(layout: layout, bytes: planes)
    }

    @Test func planesAreNotBlank() throws {
        let frame = try RenderFixtures.gpu(RenderFixtures.plan(RenderFixtures.scene("tesseract"))).render(time: 1)
        let lumas = (0..<180).flatMap { y in (0..<320).map { x in frame.i420.y(x, y) } }
        #expect(lumas.min()! <= 24)
        #expect(lumas.max()! >= 100)
    }
}
