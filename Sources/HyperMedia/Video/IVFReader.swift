public import Foundation

/// A whole IVF file parsed strictly: a bad signature, version, header length or fourcc, or a frame cut short,
/// throws `.malformedContainer` naming the byte offset, so a broken recording never decodes as a short one.
public struct IVFReader: Sendable, Equatable {
    public var header: IVFHeader
    /// The frames in file order. Their number may differ from `header.frameCount` when the writer never finished.
    public var frames: [IVFFrame]

    /// Parses a complete IVF file held in memory.
    public init(bytes: [UInt8]) throws(MediaError) {
        header = try IVFHeader(parsing: bytes)
        frames = []
        var offset = IVFHeader.byteCount
        while offset < bytes.count {
            let remaining = bytes.count - offset
            guard remaining >= IVFHeader.frameHeaderByteCount else {
                throw MediaError(
                    .malformedContainer,
                    "IVF frame \(frames.count) header at offset \(offset) is truncated: "
                        + "\(remaining) of \(IVFHeader.frameHeaderByteCount) bytes present")
            }
            let size = Int(bytes.littleEndian(at: offset, as: UInt32.self))
            let pts = Int64(bitPattern: bytes.littleEndian(at: offset + 4, as: UInt64.self))
            let start = offset + IVFHeader.frameHeaderByteCount
            guard size <= bytes.count - start else {
                throw MediaError(
                    .malformedContainer,
                    "IVF frame \(frames.count) at offset \(offset) declares \(size) bytes but only "
                        + "\(bytes.count - start) remain")
            }
            frames.append(IVFFrame(pts: pts, data: Array(bytes[start..<start + size])))
            offset = start + size
        }
    }

    /// Reads and parses the IVF file at `url`; an unreadable file throws `.io` naming the path.
    public static func read(url: URL) throws(MediaError) -> IVFReader {
        let contents: Data
        do {
            contents = try Data(contentsOf: url)
        } catch {
            throw MediaError(.io, "cannot read IVF file \(url.path): \(error.localizedDescription)")
        }
        do {
            return try IVFReader(bytes: [UInt8](contents))
        } catch {
            throw MediaError(error.code, "\(url.path): \(error.message)")
        }
    }
}
