public import Foundation
import HyperFiles

extension PNGCodec {
    /// Encodes `image` and writes it atomically (`AtomicFileWriter`): readers never see a partial file.
    public static func write(_ image: RGBAImage, to url: URL) throws(ImageError) {
        let path = url.path(percentEncoded: false)
        guard url.isFileURL else {
            throw ImageError(.writeFailed, "cannot write PNG to \(url.absoluteString): not a file URL")
        }
        let directory = url.deletingLastPathComponent()
        let directoryPath = directory.path(percentEncoded: false)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directoryPath, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw ImageError(.writeFailed, "cannot write PNG to \(path): directory \(directoryPath) does not exist")
        }
        let encoded = try encode(image)
        do {
            try AtomicFileWriter.write(encoded, to: url, kind: "PNG")
        } catch {
            throw ImageError(.writeFailed, error.message)
        }
    }

    /// Reads and decodes the PNG file at `url`.
    public static func read(from url: URL) throws(ImageError) -> RGBAImage {
        let path = url.path(percentEncoded: false)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ImageError(.readFailed, "cannot read PNG from \(path): \(error.localizedDescription)")
        }
        do {
            return try decode([UInt8](data))
        } catch {
            throw ImageError(error.code, "cannot decode PNG \(path): \(error.message)")
        }
    }
}
