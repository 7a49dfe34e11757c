/// What an XR viewer measured (docs/xr.md, type 2, 16 bytes): motion-to-photon and residual rotation of the last
/// frame it drew, and the XR frames that showed no new video frame.
struct XRClientReport: Equatable {
    static let byteCount = 16
    /// A motion-to-photon above this is not a measurement but a broken clock (or a forged report).
    static let maximumMilliseconds = 60_000.0

    var repeatedFrames: UInt16
    var poseID: UInt32
    var motionToPhotonMilliseconds: Double
    var residualRotationDegrees: Double

    init(repeatedFrames: UInt16, poseID: UInt32, motionToPhotonMilliseconds: Double, residualRotationDegrees: Double) {
        self.repeatedFrames = repeatedFrames
        self.poseID = poseID
        self.motionToPhotonMilliseconds = motionToPhotonMilliseconds
        self.residualRotationDegrees = residualRotationDegrees
    }

    init(decoding bytes: [UInt8]) throws(XRMessage.Rejection) {
        guard bytes.count == Self.byteCount else { throw .length }
        let reader = LittleEndianReader(bytes: bytes)
        repeatedFrames = reader.u16(at: 2)
        poseID = reader.u32(at: 4)
        motionToPhotonMilliseconds = reader.f32(at: 8)
        residualRotationDegrees = reader.f32(at: 12)
        guard (0...Self.maximumMilliseconds).contains(motionToPhotonMilliseconds),
            (0...180).contains(residualRotationDegrees)
        else { throw .value }
    }

    var encoded: [UInt8] {
        var writer = LittleEndianWriter()
        writer.u8(XRMessage.reportType)
        writer.u8(0)
        writer.u16(repeatedFrames)
        writer.u32(poseID)
        writer.f32(motionToPhotonMilliseconds)
        writer.f32(residualRotationDegrees)
        return writer.bytes
    }
}
