/// How one XR frame went on the server (docs/xr.md, type 3, 56 bytes), sent to its viewer after its last packet:
/// the viewer adds its own part to get the whole of motion-to-photon, and reprojects from the head the frame was drawn
/// for (its pose's, predicted forward).
struct XRFrameTiming: Equatable {
    static let byteCount = 56

    var poseID: UInt32
    var rtpTimestamp: UInt32
    var poseToRenderStartMilliseconds: Double
    var renderMilliseconds: Double
    var encodeMilliseconds: Double
    var poseToWireMilliseconds: Double
    var position: SIMD3<Double>
    var orientation: SIMD4<Double>

    var encoded: [UInt8] {
        var writer = LittleEndianWriter()
        writer.u8(XRMessage.frameTimingType)
        writer.u8(0)
        writer.u16(0)
        writer.u32(poseID)
        writer.u32(rtpTimestamp)
        writer.f32(poseToRenderStartMilliseconds)
        writer.f32(renderMilliseconds)
        writer.f32(encodeMilliseconds)
        writer.f32(poseToWireMilliseconds)
        for index in 0..<3 { writer.f32(position[index]) }
        for index in 0..<4 { writer.f32(orientation[index]) }
        return writer.bytes
    }
}
