import HyperRender
import HyperSFU
import Logging
import NIOCore
import NIOPosix
import Testing

/// The media port belongs to one server. On Linux any `SO_REUSEADDR` socket may bind a port that other
/// `SO_REUSEADDR` sockets hold, take their datagrams, and be handed such a port by a bind to port 0: a test suite once
/// lost every viewer's checks to another suite's server that way. So a server whose port is taken fails to start, and
/// one started on port 0 announces the port it got.
@Suite struct MediaPortOwnershipTests {
    private static func server(bindHost: String, port: Int, announcing hosts: [String] = ["127.0.0.1"]) throws
        -> MediaServer
    {
        var logger = Logger(label: "media-port-test")
        logger.logLevel = .critical
        return try MediaServer(
            configuration: SFUConfiguration(
                bindHost: bindHost, udpPort: port, announceHosts: hosts, udpSegmentation: false),
            device: .preferred, logger: logger)
    }

    /// Another program's socket on the port, bound with `SO_REUSEADDR` as a careless server binds.
    private static func squatter(on group: MultiThreadedEventLoopGroup) async throws -> any Channel {
        try await DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0)
            .get()
    }

    @Test(arguments: [
        ("127.0.0.1", ["127.0.0.1"]),
        ("0.0.0.0", ["127.0.0.2", "127.0.0.1"]),
    ])
    func aServerWhosePortIsTakenDoesNotStart(bindHost: String, announced: [String]) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let squatter = try await Self.squatter(on: group)
        let port = try #require(squatter.localAddress?.port)
        let media = try Self.server(bindHost: bindHost, port: port, announcing: announced)
        await #expect(throws: IOError.self) { try await media.start() }
        await media.shutdown()
        try await squatter.close()
        try await group.shutdownGracefully()
    }

    @Test func aSecondServerOnTheSamePortDoesNotStart() async throws {
        let first = try Self.server(bindHost: "0.0.0.0", port: 0, announcing: ["127.0.0.2", "127.0.0.1"])
        try await first.start()
        let port = first.udpPort
        #expect(port != 0)
        for bindHost in ["127.0.0.1", "0.0.0.0"] {
            let second = try Self.server(bindHost: bindHost, port: port)
            await #expect(throws: IOError.self, "a second server bound \(bindHost):\(port)") { try await second.start() }
            await second.shutdown()
        }
        await first.shutdown()
    }

    /// Port 0 takes a port no other socket holds — not even one bound with `SO_REUSEADDR`, which a bind to port 0
    /// with that option may be given. (That answers carry the port is what every `LoopbackMediaServer` suite shows:
    /// it binds port 0 and its viewers connect to the answer's candidate.)
    @Test func aServerOnPortZeroTakesAFreePortAndAnnouncesIt() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var squatters: [any Channel] = []
        for _ in 0..<200 { squatters.append(try await Self.squatter(on: group)) }
        let taken = Set(squatters.compactMap { $0.localAddress?.port })
        var media: [MediaServer] = []
        for _ in 0..<20 {
            let server = try Self.server(bindHost: "127.0.0.1", port: 0)
            try await server.start()
            media.append(server)
        }
        let ports = media.map(\.udpPort)
        #expect(Set(ports).count == ports.count, "two servers got one port: \(ports)")
        #expect(taken.isDisjoint(with: ports), "a server got a port another socket holds")

        for server in media { await server.shutdown() }
        for squatter in squatters { try await squatter.close() }
        try await group.shutdownGracefully()
    }
}
