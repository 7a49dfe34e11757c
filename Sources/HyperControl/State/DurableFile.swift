import Foundation
import HyperFiles

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Crash-safe state files: a whole file is replaced through `AtomicFileWriter` (the one whole-file writer), appends
/// are fsync'ed before they count and cut back when they fail, and a broken file is kept aside under a new name.
enum DurableFile {

    /// Replaces `url` with `bytes` (mode 0600) so that after a crash it holds either the old or the new contents.
    static func replace(_ url: URL, with bytes: [UInt8]) throws(StateError) {
        do {
            try AtomicFileWriter.write(bytes, to: url, kind: "state", permissions: 0o600)
        } catch {
            throw StateError(path: error.path, error.messageWithoutPath)
        }
    }

    /// Opens `url` for appending, creating it (mode 0600) when missing.
    static func openForAppend(_ url: URL) throws(StateError) -> Int32 {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure(url.path, "cannot open for appending") }
        return descriptor
    }

    /// Appends `bytes` and waits until they are on disk (`sync` is `fsync` but for tests). When the write or the
    /// sync fails the file is cut back to its length before, so a failed append leaves nothing behind.
    static func append(
        _ bytes: [UInt8],
        to descriptor: Int32,
        path: String,
        sync: (Int32) -> Int32 = { fsync($0) }
    ) throws(StateError) {
        let before = lseek(descriptor, 0, SEEK_END)
        guard before >= 0 else { throw failure(path, "cannot find the end of the file") }
        do throws(StateError) {
            try writeAll(bytes, to: descriptor, path: path)
            guard sync(descriptor) == 0 else { throw failure(path, "fsync failed") }
        } catch {
            guard ftruncate(descriptor, before) == 0, fsync(descriptor) == 0 else {
                throw StateError(path: path, "\(error.message); cutting the partial append off failed too")
            }
            throw error
        }
    }

    /// Cuts the file open at `descriptor` down to `length` bytes and waits until that is on disk.
    static func truncate(_ descriptor: Int32, to length: Int, path: String) throws(StateError) {
        guard ftruncate(descriptor, off_t(length)) == 0, fsync(descriptor) == 0 else {
            throw failure(path, "cannot truncate to \(length) bytes")
        }
    }

    /// Renames `url` to `<name>.<suffix>-<UTC timestamp>` beside it and returns the new URL.
    static func moveAside(_ url: URL, suffix: String, now: Date = Date()) throws(StateError) -> URL {
        let destination = asideURL(url, suffix: suffix, now: now)
        guard rename(url.path, destination.path) == 0 else {
            throw failure(url.path, "cannot move aside to \(destination.lastPathComponent)")
        }
        try syncDirectory(of: url)
        return destination
    }

    /// Gives `url`'s file a second name, `<name>.<suffix>-<UTC timestamp>`, beside it (a hard link, so the copy is
    /// the very bytes and costs nothing) and returns it. `url` can then be replaced while the old contents stay.
    static func keepAside(_ url: URL, suffix: String, now: Date = Date()) throws(StateError) -> URL {
        let destination = asideURL(url, suffix: suffix, now: now)
        guard link(url.path, destination.path) == 0 else {
            throw failure(url.path, "cannot keep a copy as \(destination.lastPathComponent)")
        }
        try syncDirectory(of: url)
        return destination
    }

    private static func asideURL(_ url: URL, suffix: String, now: Date) -> URL {
        let stamp = Date.ISO8601FormatStyle(timeSeparator: .omitted).format(now).replacingOccurrences(of: "-", with: "")
        var destination = url.deletingLastPathComponent().appendingPathComponent(
            "\(url.lastPathComponent).\(suffix)-\(stamp)")
        var attempt = 1
        while FileManager.default.fileExists(atPath: destination.path) {
            attempt += 1
            destination = url.deletingLastPathComponent().appendingPathComponent(
                "\(url.lastPathComponent).\(suffix)-\(stamp)-\(attempt)")
        }
        return destination
    }

    /// Creates the directory (mode 0700) and its parents when missing.
    static func createDirectory(_ url: URL) throws(StateError) {
        do {
            try FileManager.default.createDirectory(
                at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw StateError(path: url.path, "cannot create the state directory: \(error.localizedDescription)")
        }
        guard access(url.path, W_OK) == 0 else { throw failure(url.path, "the state directory is not writable") }
    }

    static func close(_ descriptor: Int32) {
        #if canImport(Glibc)
            _ = Glibc.close(descriptor)
        #else
            _ = Darwin.close(descriptor)
        #endif
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(StateError) {
        do {
            try AtomicFileWriter.writeAll(bytes, to: descriptor, attempt: "write failed", path: path)
        } catch {
            throw StateError(path: error.path, error.messageWithoutPath)
        }
    }

    private static func syncDirectory(of url: URL) throws(StateError) {
        do {
            try AtomicFileWriter.syncDirectory(of: url)
        } catch {
            throw StateError(path: error.path, error.messageWithoutPath)
        }
    }

    private static func failure(_ path: String, _ what: String) -> StateError {
        StateError(path: path, "\(what): \(String(cString: strerror(errno)))")
    }
}
