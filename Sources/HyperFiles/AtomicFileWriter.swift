public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a file could not be written: what was attempted, on which path, and the system's reason.
public struct FileWriteError: Error, Sendable, CustomStringConvertible {
    /// What failed, e.g. "cannot create IVF file".
    public var attempt: String
    public var path: String
    /// The system's reason (`strerror`).
    public var reason: String

    public init(_ attempt: String, path: String, reason: String) {
        self.attempt = attempt
        self.path = path
        self.reason = reason
    }

    /// E.g. "cannot create IVF file /tmp/x.ivf: No such file or directory".
    public var message: String { "\(attempt) \(path): \(reason)" }
    /// The same without the path, for errors that name the path themselves.
    public var messageWithoutPath: String { "\(attempt): \(reason)" }
    public var description: String { message }
}

/// The one way files are written whole in Hypercube (IVF recordings, PNG frames, state files, keys and
/// certificates): under a hidden temporary name beside the destination, fsync'ed, renamed into place by `commit()`
/// and the directory fsync'ed, so after a crash the destination holds either its old contents or the new ones,
/// never a part. The writer owns its descriptor: deinit closes it and removes a temporary file never committed.
public final class AtomicFileWriter {
    public let url: URL
    private let temporaryPath: String
    private let kind: String
    private var descriptor: Int32

    /// Creates the temporary file (with `permissions`); a missing directory or a permission problem throws,
    /// naming the `kind` of file and `url`.
    public init(url: URL, kind: String, permissions: mode_t = 0o644) throws(FileWriteError) {
        self.url = url
        self.kind = kind
        let directory = url.deletingLastPathComponent().path
        temporaryPath = "\(directory)/.\(url.lastPathComponent).\(UUID().uuidString.prefix(8)).partial"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard descriptor >= 0 else {
            throw FileWriteError("cannot create \(kind) file", path: url.path, reason: Self.systemError())
        }
    }

    /// Writes `bytes` to `url` at once: `init`, `append`, `commit`.
    public static func write(
        _ bytes: [UInt8], to url: URL, kind: String, permissions: mode_t = 0o644
    ) throws(FileWriteError) {
        let writer = try AtomicFileWriter(url: url, kind: kind, permissions: permissions)
        try writer.append(bytes)
        try writer.commit()
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    /// Appends `bytes`, retrying short and interrupted writes.
    public func append(_ bytes: [UInt8]) throws(FileWriteError) {
        try requireOpen()
        try Self.writeAll(bytes, to: descriptor, attempt: "cannot write \(kind) file", path: url.path)
    }

    /// Writes all of `bytes` to `descriptor`, retrying short and interrupted writes (the one write loop, also for the
    /// audit log's appends); `attempt` and `path` name a failure.
    public static func writeAll(
        _ bytes: [UInt8], to descriptor: Int32, attempt: String, path: String
    ) throws(FileWriteError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw FileWriteError(attempt, path: path, reason: systemError()) }
            offset += written
        }
    }

    /// Overwrites bytes already written, starting at `offset`.
    public func overwrite(_ bytes: [UInt8], at offset: Int) throws(FileWriteError) {
        try requireOpen()
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        guard written == bytes.count else {
            throw FileWriteError("cannot write \(kind) file", path: url.path, reason: Self.systemError())
        }
    }

    /// Flushes the data to disk, closes the file, renames it to `url` and flushes the directory entry. On failure
    /// the temporary file goes and `url` keeps what it had.
    public func commit() throws(FileWriteError) {
        try requireOpen()
        guard fsync(descriptor) == 0 else {
            throw FileWriteError("cannot flush to disk the \(kind) file", path: url.path, reason: Self.systemError())
        }
        let closed = close(descriptor) == 0
        descriptor = -1
        guard closed && rename(temporaryPath, url.path) == 0 else {
            let reason = Self.systemError()
            unlink(temporaryPath)
            throw FileWriteError("cannot put in place the \(kind) file", path: url.path, reason: reason)
        }
        try Self.syncDirectory(of: url)
    }

    /// Flushes `url`'s directory, so that a rename or a new name in it survives a crash.
    public static func syncDirectory(of url: URL) throws(FileWriteError) {
        let directory = url.deletingLastPathComponent().path
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FileWriteError("cannot open to fsync the directory", path: directory, reason: systemError())
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw FileWriteError("cannot fsync the directory", path: directory, reason: systemError())
        }
    }

    private func requireOpen() throws(FileWriteError) {
        guard descriptor >= 0 else {
            throw FileWriteError("cannot write the \(kind) file", path: url.path, reason: "already closed")
        }
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }
}
