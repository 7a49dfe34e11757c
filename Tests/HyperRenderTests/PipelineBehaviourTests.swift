import HyperImage
import HyperRender
import HyperScene
import Testing

/// Frames in flight, determinism, animation, timing queries and the errors callers can meet.
@Suite struct PipelineBehaviourTests {
    @Test func pipelinedFramesEqualOneAtATime() throws {
        let plan = try RenderFixtures.plan(RenderFixtures.scene("600-cell"))
        let pipelined = try RenderFixtures.gpu(plan, framesInFlight: 3)
        let times = [0.0, 0.1, 0.2, 0.3, 0.4]
        var tickets: [FrameTicket] = []
        var frames: [RenderedFrame] = []
        for time in times {
            tickets.append(try pipelined.submit(time: time, readRGBA: true))
            if tickets.count == 3 { frames.append(try pipelined.wait(tickets.removeFirst())) }
        }
        for ticket in tickets { frames.append(try pipelined.wait(ticket)) }
        let single = try RenderFixtures.gpu(plan, framesInFlight: 1)
        for (time, frame) in zip(times, frames) {
            #expect(frame.time == time)
            let again = try single.render(time: time)
            #expect(again.rgba == frame.rgba, "same time, same picture (t=\(time))")
            #expect(again.i420 == frame.i420)
        }
    }

    @Test func animationChangesThePicture() throws {
        let renderer = try RenderFixtures.gpu(RenderFixtures.plan(RenderFixtures.scene("tesseract")))
        let first = try #require(try renderer.render(time: 0).rgba)
        let later = try #require(try renderer.render(time: 0.5).rgba)
        #expect(ImageComparison.psnr(first, later) < 30)
    }

    @Test func collectingAFrameTwiceIsAnError() throws {
        let renderer = try RenderFixtures.gpu(RenderFixtures.plan(RenderFixtures.scene("5-cell")))
        let ticket = try renderer.submit(time: 0)
        _ = try renderer.wait(ticket)
        #expect(throws: RenderError.self) { try renderer.wait(ticket) }
    }

    @Test func timestampsCoverEveryStage() throws {
        let renderer = try RenderFixtures.gpu(RenderFixtures.plan(RenderFixtures.scene("24-cell")))
        guard renderer.device.info.hasTimestamps else { return }
        let timings = try #require(try renderer.render(time: 0).timings)
        #expect(timings.values.allSatisfy { $0 >= 0 && $0.isFinite })
        #expect(timings.raster > 0)
    }

    @Test(arguments: ["0x0", "321x180", "320x181", "7682x4320", "7680x4322", "-2x2", "1280", "axb"])
    func badSizesAreRejected(size: String) {
        #expect(throws: RenderError.self) { try RenderOptions.parseSize(size) }
    }

    @Test func largestSizeIsAccepted() throws {
        let size = try RenderOptions.parseSize("7680x4320")
        #expect(size.width == 7680 && size.height == 4320)
    }

    @Test func tooManyPrimitivesIsAClearError() throws {
        var scene = try RenderFixtures.scene("clifford-torus")
        scene.objects[0].shape = .cliffordTorus(major: 256, minor: 256)
        scene.style.faces = true
        scene.style.faceOpacity = 0.2
        let error = #expect(throws: RenderError.self) { try RenderFixtures.plan(scene) }
        #expect(error?.code == .sceneTooComplex)
    }
}
