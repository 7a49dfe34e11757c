import Foundation
import HyperCluster
import PostgresNIO
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A throwaway PostgreSQL server from the machine's Debian binaries: its own data directory under the temp
/// directory, trust authentication, TCP on 127.0.0.1 only, its unix socket inside the data directory.
///
/// PostgreSQL refuses to run as root, and the tests run as root here and in CI, so as root the server's
/// directory is given to the `postgres` user and its commands run through `runuser`.
final class TemporaryPostgres: Sendable {
    /// The server of the enclosing `.temporaryPostgres` suite.
    @TaskLocal static var current: TemporaryPostgres?

    static let superuser = "hypercube"

    let directory: String
    let port: Int
    private let binaries: String

    private var dataDirectory: String { directory + "/data" }

    /// Creates and starts a server; `destroy()` stops and deletes it.
    static func start() async throws -> TemporaryPostgres {
        let server = try TemporaryPostgres()
        do {
            try await server.runAsServerUser(
                server.binaries + "/initdb",
                ["-D", server.dataDirectory, "-A", "trust", "-U", superuser, "--no-sync", "-E", "UTF8"]
            )
            try await server.start()
        } catch {
            await server.destroy()
            throw error
        }
        return server
    }

    private init() throws {
        binaries = try Self.binaryDirectory()
        var template = Array((NSTemporaryDirectory() + "/hypercube-postgres-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw HarnessError("mkdtemp failed: errno \(errno)") }
        directory = String(cString: made)
        port = try Self.freePort()
    }

    /// Starts (or restarts) the server and waits until it accepts connections.
    func start() async throws {
        try await runAsServerUser(
            binaries + "/pg_ctl",
            [
                "start", "-w", "-t", "30", "-D", dataDirectory, "-l", directory + "/server.log", "-o",
                // fsync off is safe here: the server is stopped by killing it, never by the machine crashing, so
                // what it wrote is still in the page cache. Commits stay synchronous: an immediate stop must not
                // lose them.
                "-c listen_addresses=127.0.0.1 -p \(port) -c unix_socket_directories=\(directory) -c fsync=off"
                    + " -c full_page_writes=off -c max_connections=200",
            ]
        )
    }

    /// Stops the server at once, as a crash would, closing every client connection.
    func stop() async throws {
        try await runAsServerUser(binaries + "/pg_ctl", ["stop", "-w", "-m", "immediate", "-D", dataDirectory])
    }

    /// Stops the server if it runs and deletes its directory.
    func destroy() async {
        try? await stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Creates a fresh database, so each test starts from an empty schema, and returns a configuration for it.
    func makeDatabase() async throws -> PostgresClient.Configuration {
        let name = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await Self.run(
            binaries + "/createdb",
            ["-h", "127.0.0.1", "-p", "\(port)", "-U", Self.superuser, name]
        )
        return configuration(database: name)
    }

    /// A configuration for `database` on this server, with short connect timeouts for the database-down tests.
    func configuration(database: String) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: "127.0.0.1",
            port: port,
            username: Self.superuser,
            password: nil,
            database: database,
            tls: .disable
        )
        configuration.options.connectTimeout = .seconds(2)
        configuration.options.maximumConnections = 8
        return configuration
    }

    private func runAsServerUser(_ executable: String, _ arguments: [String]) async throws {
        if Self.isRoot {
            try await Self.run("/usr/bin/chown", ["-R", "postgres:postgres", directory])
            try await Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", executable] + arguments)
        } else {
            try await Self.run(executable, arguments)
        }
    }

    private static var isRoot: Bool { getuid() == 0 }

    /// The newest installed PostgreSQL's `bin` directory, e.g. `/usr/lib/postgresql/15/bin`.
    private static func binaryDirectory() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        guard
            let newest = versions.compactMap(Int.init).sorted().last(where: {
                FileManager.default.isExecutableFile(atPath: "\(root)/\($0)/bin/initdb")
            })
        else {
            throw HarnessError("no PostgreSQL server under \(root); install Debian's postgresql package")
        }
        return "\(root)/\(newest)/bin"
    }

    private static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw HarnessError("socket failed: errno \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound else { throw HarnessError("binding a free port failed: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs a command to completion, failing with its output when it fails.
    ///
    /// Not Foundation's `Process`: it notices a child's exit by EOF on a descriptor the child inherits, and
    /// `pg_ctl start` leaves the server running with that descriptor, so `Process` would never see it exit.
    /// The blocking `waitpid` runs on a dispatch thread, not a concurrency one.
    private static func run(_ executable: String, _ arguments: [String]) async throws {
        let output = NSTemporaryDirectory() + "/hypercube-command-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let status = try await spawnAndWait(executable, arguments, output: output)
        guard status == 0 else {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            throw HarnessError("\(executable) \(arguments.joined(separator: " ")) exited with \(status): \(text)")
        }
    }

    /// Spawns `executable` with stdout and stderr appended to `output` and returns its wait status.
    ///
    /// The child gets no other descriptor of this process: NIO opens sockets without `FD_CLOEXEC`, and a server the
    /// child leaves running (the postmaster) would otherwise hold, for its lifetime, the sockets of every test running
    /// beside it — a media socket that a test closes and binds again then stays taken.
    private static func spawnAndWait(_ executable: String, _ arguments: [String], output: String) async throws -> Int32
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        try closeInheritedDescriptors(&actions)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw HarnessError("cannot run \(executable): error \(spawned)") }
        let child = pid
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var status: Int32 = 0
                while waitpid(child, &status, 0) == -1 && errno == EINTR {}
                continuation.resume(returning: status)
            }
        }
    }
}

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc module does not export.
private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

/// Adds to `actions` the closing of every descriptor above stderr in the child, atomically with the spawn.
private func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) throws {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
        throw HarnessError("this C library has no posix_spawn_file_actions_addclosefrom_np (glibc 2.34 or later)")
    }
    let addCloseFrom = unsafeBitCast(symbol, to: AddCloseFrom.self)
    let status = addCloseFrom(&actions, 3)
    guard status == 0 else { throw HarnessError("posix_spawn_file_actions_addclosefrom_np failed: error \(status)") }
}

/// Why the test harness could not provide a PostgreSQL server.
struct HarnessError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Gives a suite one `TemporaryPostgres` for all its tests (initdb costs seconds); each test makes its own
/// database on it.
struct TemporaryPostgresTrait: SuiteTrait, TestScoping {
    func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        let server = try await TemporaryPostgres.start()
        do {
            try await TemporaryPostgres.$current.withValue(server) { try await function() }
        } catch {
            await server.destroy()
            throw error
        }
        await server.destroy()
    }
}

extension Trait where Self == TemporaryPostgresTrait {
    static var temporaryPostgres: Self { Self() }
}
