public import Foundation
import HyperFiles

/// Writes encoded frames to an IVF file. The file only appears under its name once `close()` has written the
/// frame count and flushed it, so a crash never leaves a half-written file there.
public final class IVFWriter {
    /// Where the finished file will be.
    public var url: URL { file.url }
    private var header: IVFHeader
    private let file: AtomicFileWriter

    /// Starts the file and writes its header; `timebase` is the file's seconds per pts tick.
    public init(
        url: URL,
        codec: VideoCodec,
        width: Int,
        height: Int,
        timebase: (numerator: Int, denominator: Int) = (1, 90_000)
    ) throws(MediaError) {
        guard (1...Int(UInt16.max)).contains(width) && (1...Int(UInt16.max)).contains(height) else {
            throw MediaError(.invalidSettings, "IVF stores sizes up to 65535x65535, got \(width)x\(height)")
        }
        let terms = 1...Int(UInt32.max)
        guard terms.contains(timebase.numerator) && terms.contains(timebase.denominator) else {
            throw MediaError(
                .invalidSettings,
                "IVF timebase terms must be in 1...\(UInt32.max), got \(timebase.numerator)/\(timebase.denominator)")
        }
        header = IVFHeader(
            codec: codec, width: width, height: height, timebaseNumerator: timebase.numerator,
            timebaseDenominator: timebase.denominator, frameCount: 0)
        file = try Self.io { () throws(FileWriteError) in try AtomicFileWriter(url: url, kind: "IVF") }
        try Self.io { () throws(FileWriteError) in try file.append(header.bytes) }
    }

    /// Appends one frame; its 90 kHz pts is rescaled to the file's timebase.
    public func write(_ frame: EncodedFrame) throws(MediaError) {
        guard frame.data.count <= Int(UInt32.max) && header.frameCount < Int(UInt32.max) else {
            throw MediaError(
                .io, "IVF file \(url.path) is full: at most \(UInt32.max) frames of at most \(UInt32.max) bytes")
        }
        var frameHeader: [UInt8] = []
        frameHeader.appendLittleEndian(UInt32(frame.data.count))
        frameHeader.appendLittleEndian(UInt64(bitPattern: rescaled(frame.pts)))
        try Self.io { () throws(FileWriteError) in try file.append(frameHeader + frame.data) }
        header.frameCount += 1
    }

    /// Writes the final frame count into the header and puts the file in place.
    public func close() throws(MediaError) {
        var count: [UInt8] = []
        count.appendLittleEndian(UInt32(header.frameCount))
        try Self.io { () throws(FileWriteError) in
            try file.overwrite(count, at: IVFHeader.frameCountOffset)
            try file.commit()
        }
    }

    /// `pts` in 90 kHz ticks expressed in the file's timebase, truncated toward zero.
    private func rescaled(_ pts: Int64) -> Int64 {
        let numerator = Int64(header.timebaseNumerator)
        let denominator = Int64(header.timebaseDenominator)
        if numerator == 1 && denominator == EncoderSettings.clockRate { return pts }
        let product = pts.multipliedFullWidth(by: denominator)
        return (numerator * EncoderSettings.clockRate).dividingFullWidth(product).quotient
    }

    /// The file's errors as `.io` media errors.
    private static func io<T>(_ body: () throws(FileWriteError) -> T) throws(MediaError) -> T {
        do {
            return try body()
        } catch {
            throw MediaError(.io, error.message)
        }
    }
}
