public import HyperImage

/// One finished frame copied out of the renderer: the I420 planes, optionally RGBA, and GPU stage timings.
public struct RenderedFrame: Sendable {
    public var time: Double
    public var i420: I420Frame
    public var rgba: RGBAImage?
    public var timings: StageTimings?
}

/// Identifies a submitted frame; redeem it with `GPURenderer.wait(_:)` or `withCompletedFrame(_:_:)`.
public struct FrameTicket: Sendable, Equatable {
    let slot: Int
    let sequence: UInt64
    public let time: Double
}

/// A finished frame still in the renderer's host-visible staging memory, valid only inside the closure
/// that receives it: an encoder reads the I420 planes straight from there without another copy.
public struct CompletedFrame {
    public let time: Double
    public let layout: I420Layout
    public let i420Bytes: UnsafeRawBufferPointer
    public let rgbaBytes: UnsafeRawBufferPointer?
    public let timings: StageTimings?

    /// The frame copied out of staging memory, to keep after the closure returns.
    public func copied() -> RenderedFrame {
        RenderedFrame(
            time: time,
            i420: I420Frame(layout: layout, bytes: Array(i420Bytes)),
            rgba: rgbaBytes.map { RGBAImage(width: layout.width, height: layout.height, pixels: Array($0)) },
            timings: timings
        )
    }
}
