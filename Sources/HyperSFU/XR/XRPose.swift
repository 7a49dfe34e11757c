/// One head pose from an XR viewer (docs/xr.md, type 1, 60 bytes): sampled on the viewer's clock, with the
/// controller's 4D rotation speeds.
public struct XRPose: Equatable, Sendable {
    static let byteCount = 60
    /// Metres from the origin of the viewer's `local` space beyond which a pose is taken as garbage.
    static let maximumDistance = 1000.0
    public static let defaultEyeSeparation = 0.064

    public var id: UInt32
    /// Milliseconds on the viewer's clock (`XRFrame` time).
    public var sampleTime: Double
    public var position: SIMD3<Double>
    public var orientation: SIMD4<Double>
    /// Metres; 0 in the message means the default 64 mm.
    public var eyeSeparation: Double
    /// Rotation speeds in the xw, yw and zw planes, each in −1…1.
    public var axes: SIMD3<Double>
    public var buttons: UInt8

    public init(
        id: UInt32, sampleTime: Double, position: SIMD3<Double> = .zero, orientation: SIMD4<Double> = SIMD4(0, 0, 0, 1),
        eyeSeparation: Double = XRPose.defaultEyeSeparation, axes: SIMD3<Double> = .zero, buttons: UInt8 = 0
    ) {
        self.id = id
        self.sampleTime = sampleTime
        self.position = position
        self.orientation = orientation
        self.eyeSeparation = eyeSeparation
        self.axes = axes
        self.buttons = buttons
    }

    init(decoding bytes: [UInt8]) throws(XRMessage.Rejection) {
        guard bytes.count == Self.byteCount else { throw .length }
        let reader = LittleEndianReader(bytes: bytes)
        buttons = bytes[1]
        let ipd = reader.u16(at: 2)
        eyeSeparation = ipd == 0 ? Self.defaultEyeSeparation : Double(ipd) / 10_000
        id = reader.u32(at: 4)
        sampleTime = reader.f64(at: 8)
        position = SIMD3(reader.f32(at: 16), reader.f32(at: 20), reader.f32(at: 24))
        orientation = SIMD4(reader.f32(at: 28), reader.f32(at: 32), reader.f32(at: 36), reader.f32(at: 40))
        axes = SIMD3(reader.f32(at: 44), reader.f32(at: 48), reader.f32(at: 52))
        let numbers =
            [sampleTime, position.x, position.y, position.z] + (0..<4).map { orientation[$0] }
            + (0..<3).map { axes[$0] }
        guard numbers.allSatisfy(\.isFinite), sampleTime >= 0,
            (position * position).sum() <= Self.maximumDistance * Self.maximumDistance,
            (orientation * orientation).sum() > 0.25, (0..<3).allSatisfy({ abs(axes[$0]) <= 1 })
        else { throw .value }
    }

    /// The bytes a viewer sends for this pose (tests, and the load viewer).
    var encoded: [UInt8] {
        var writer = LittleEndianWriter()
        writer.u8(XRMessage.poseType)
        writer.u8(buttons)
        writer.u16(UInt16((eyeSeparation * 10_000).rounded()))
        writer.u32(id)
        for byte in withUnsafeBytes(of: sampleTime.bitPattern.littleEndian, Array.init) { writer.u8(byte) }
        for value in [position.x, position.y, position.z] { writer.f32(value) }
        for index in 0..<4 { writer.f32(orientation[index]) }
        for index in 0..<3 { writer.f32(axes[index]) }
        writer.f32(0)
        return writer.bytes
    }

    /// The frame's RTP timestamp for a pose sampled at `sampleTime` ms: the 90 kHz clock, so the viewer finds the
    /// pose of a displayed frame from its `rtpTimestamp` with no clock sync.
    static func rtpTimestamp(sampleTime: Double) -> Int64 {
        Int64((sampleTime * 90).rounded())
    }
}
