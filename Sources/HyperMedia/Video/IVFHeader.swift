/// The 32-byte header of an IVF file, the minimal container libvpx's tools and ffmpeg read for raw VP8/VP9
/// streams: codec, frame size, timebase and frame count.
public struct IVFHeader: Sendable, Equatable {
    /// Size of the file header, and the only one this module writes or reads.
    public static let byteCount = 32
    /// Size of the header in front of each frame: 4 bytes of length, 8 of presentation time.
    public static let frameHeaderByteCount = 12
    static let signature: [UInt8] = Array("DKIF".utf8)
    /// Byte offset of the frame count, which the writer patches when it closes the file.
    static let frameCountOffset = 24

    public var codec: VideoCodec
    public var width: Int
    public var height: Int
    /// Numerator of the seconds per presentation-time tick.
    public var timebaseNumerator: Int
    /// Denominator of the seconds per presentation-time tick (90000 for the RTP clock).
    public var timebaseDenominator: Int
    /// The number of frames the header declares.
    public var frameCount: Int

    public init(
        codec: VideoCodec, width: Int, height: Int, timebaseNumerator: Int, timebaseDenominator: Int, frameCount: Int
    ) {
        self.codec = codec
        self.width = width
        self.height = height
        self.timebaseNumerator = timebaseNumerator
        self.timebaseDenominator = timebaseDenominator
        self.frameCount = frameCount
    }

    /// The header's bytes: signature, version 0, header size, fourcc, size, rate (denominator), scale
    /// (numerator), frame count and 4 unused bytes. The caller has checked every field fits its width.
    var bytes: [UInt8] {
        var bytes = Self.signature
        bytes.appendLittleEndian(UInt16(0))
        bytes.appendLittleEndian(UInt16(Self.byteCount))
        bytes += Self.fourCC(codec)
        bytes.appendLittleEndian(UInt16(width))
        bytes.appendLittleEndian(UInt16(height))
        bytes.appendLittleEndian(UInt32(timebaseDenominator))
        bytes.appendLittleEndian(UInt32(timebaseNumerator))
        bytes.appendLittleEndian(UInt32(frameCount))
        bytes.appendLittleEndian(UInt32(0))
        return bytes
    }

    static func fourCC(_ codec: VideoCodec) -> [UInt8] {
        switch codec {
        case .vp8: Array("VP80".utf8)
        case .vp9: Array("VP90".utf8)
        }
    }

    /// Parses and checks the header at the start of `file`.
    init(parsing file: [UInt8]) throws(MediaError) {
        guard file.count >= Self.byteCount else {
            throw MediaError(
                .malformedContainer, "IVF file is \(file.count) bytes, shorter than its \(Self.byteCount)-byte header")
        }
        guard Array(file[0..<4]) == Self.signature else {
            throw MediaError(
                .malformedContainer, "not an IVF file: signature at offset 0 is \(Self.quoted(file[0..<4])), not 'DKIF'"
            )
        }
        let version: UInt16 = file.littleEndian(at: 4)
        guard version == 0 else {
            throw MediaError(.malformedContainer, "unsupported IVF version \(version) at offset 4 (expected 0)")
        }
        let headerSize: UInt16 = file.littleEndian(at: 6)
        guard headerSize == Self.byteCount else {
            throw MediaError(
                .malformedContainer, "IVF header length at offset 6 is \(headerSize), expected \(Self.byteCount)")
        }
        let fourCC = Array(file[8..<12])
        guard let codec = VideoCodec.allCases.first(where: { Self.fourCC($0) == fourCC }) else {
            throw MediaError(
                .malformedContainer,
                "unsupported IVF fourcc \(Self.quoted(file[8..<12])) at offset 8 (expected VP80 or VP90)")
        }
        let denominator: UInt32 = file.littleEndian(at: 16)
        let numerator: UInt32 = file.littleEndian(at: 20)
        guard denominator > 0 && numerator > 0 else {
            throw MediaError(
                .malformedContainer, "IVF timebase \(numerator)/\(denominator) at offset 16 must have positive terms")
        }
        self.init(
            codec: codec,
            width: Int(file.littleEndian(at: 12, as: UInt16.self)),
            height: Int(file.littleEndian(at: 14, as: UInt16.self)),
            timebaseNumerator: Int(numerator),
            timebaseDenominator: Int(denominator),
            frameCount: Int(file.littleEndian(at: Self.frameCountOffset, as: UInt32.self))
        )
    }

    private static func quoted(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(where: { !(0x20..<0x7f).contains($0) }) else {
            return "'\(String(decoding: bytes, as: UTF8.self))'"
        }
        return bytes.map { $0 < 16 ? "0x0\(String($0, radix: 16))" : "0x\(String($0, radix: 16))" }
            .joined(separator: " ")
    }
}
