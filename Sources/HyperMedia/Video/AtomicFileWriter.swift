internal import Foundation

/// A file written under a hidden temporary name beside its destination and renamed into place by `commit()`,
/// so readers never see it half written; the one owner of its descriptor, which is closed (and the temporary
/// file removed, when never committed) in deinit.
final class AtomicFileWriter {
    let url: URL
    private let temporaryPath: String
    private var descriptor: Int32

    /// Creates the temporary file; a missing directory or a permission problem throws `.io` naming `url`.
    init(url: URL, kind: String) throws(MediaError) {
        self.url = url
        let directory = url.deletingLastPathComponent().path
        temporaryPath = "\(directory)/.\(url.lastPathComponent).\(UUID().uuidString.prefix(8)).partial"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw MediaError(.io, "cannot create \(kind) file \(url.path): \(Self.systemError())")
        }
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    /// Appends `bytes`, retrying short and interrupted writes.
    func append(_ bytes: [UInt8]) throws(MediaError) {
        try requireOpen()
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                throw MediaError(.io, "cannot write \(url.path): \(Self.systemError())")
            }
            offset += written
        }
    }

    /// Overwrites bytes already written, starting at `offset`.
    func overwrite(_ bytes: [UInt8], at offset: Int) throws(MediaError) {
        try requireOpen()
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        guard written == bytes.count else {
            throw MediaError(.io, "cannot write \(url.path): \(Self.systemError())")
        }
    }

    /// Flushes the data to disk, closes the file and renames it to `url`. On failure the temporary file goes.
    func commit() throws(MediaError) {
        try requireOpen()
        guard fsync(descriptor) == 0 else {
            throw MediaError(.io, "cannot flush \(url.path) to disk: \(Self.systemError())")
        }
        let closed = close(descriptor) == 0
        descriptor = -1
        guard closed && rename(temporaryPath, url.path) == 0 else {
            let reason = Self.systemError()
            unlink(temporaryPath)
            throw MediaError(.io, "cannot finish \(url.path): \(reason)")
        }
    }

    private func requireOpen() throws(MediaError) {
        guard descriptor >= 0 else {
            throw MediaError(.io, "\(url.path) is already closed")
        }
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }
}
