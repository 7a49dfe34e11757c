import Foundation
import HummingbirdTesting
import NIOCore
import NIOPosix
import Testing

@testable import HyperControl

/// Slowloris: one address (127.0.0.3) opening many connections and never finishing a request. Its connections past the
/// per-client cap are closed at accept, idle ones close after the idle timeout, and `/health/live` keeps answering
/// another address. Counts and answers are asserted, not latency.
@Suite(.serialized) struct SlowClientTests {
    @Test func halfOpenConnectionsFromOneAddressAreCappedAndOthersAreStillServed() async throws {
        let limits = HTTPConnectionLimits(idleTimeout: .seconds(120), connectionsPerClient: 100)
        try await TestServer.run(connections: limits, testing: .live) { client, _ in
            let port = try #require(client.port)
            // The flood comes from 127.0.0.3: the test client's own connections come from 127.0.0.1.
            var sockets: [any Channel] = []
            for _ in 0..<300 {
                let socket = try await RawClient.connect(from: "127.0.0.3", to: port)
                socket.writeAndFlush(ByteBuffer(string: "GET /health/li"), promise: nil)
                sockets.append(socket)
            }
            let closed = await RawClient.waitUntil(upTo: .seconds(20)) {
                sockets.filter { !$0.isActive }.count >= 200
            }
            let stillOpen = sockets.filter(\.isActive).count
            let answer = try await RawClient.get("/health/live", from: "127.0.0.2", port: port)
            for socket in sockets { try? await socket.close() }

            #expect(closed, "\(300 - stillOpen) of 300 connections closed; expected the 200 past the cap")
            #expect(stillOpen == 100)
            #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
        }
    }

    @Test func aRequestHeadThatNeverFinishesIsClosedAfterTheIdleTimeout() async throws {
        let limits = HTTPConnectionLimits(idleTimeout: .milliseconds(300), connectionsPerClient: 100)
        try await TestServer.run(connections: limits, testing: .live) { client, _ in
            let port = try #require(client.port)
            let socket = try await RawClient.connect(from: "127.0.0.1", to: port)
            socket.writeAndFlush(ByteBuffer(string: "GET /health/live HTTP/1.1\r\nHost: x\r\n"), promise: nil)
            let closed = await RawClient.waitUntil(upTo: .seconds(20)) { !socket.isActive }
            #expect(closed)
        }
    }

    @Test func aBodyTrickledAByteAtATimeIsClosedAfterTheRequestReadTimeout() async throws {
        let limits = HTTPConnectionLimits(idleTimeout: .seconds(120), requestReadTimeout: .milliseconds(300))
        try await TestServer.run(connections: limits, testing: .live) { client, _ in
            let port = try #require(client.port)
            let socket = try await RawClient.connect(from: "127.0.0.1", to: port)
            let head = "PUT /v1/flags/stereo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n"
            socket.writeAndFlush(ByteBuffer(string: head), promise: nil)
            let closed = await RawClient.waitUntil(upTo: .seconds(20)) {
                socket.writeAndFlush(ByteBuffer(string: "x"), promise: nil)
                return !socket.isActive
            }
            #expect(closed)
        }
    }

    @Test func theCapCountsConnectionsStillOpen() {
        let table = ClientConnectionTable(limit: 2)
        #expect(table.open("192.0.2.1") && table.open("192.0.2.1"))
        #expect(!table.open("192.0.2.1"))
        #expect(table.open("192.0.2.2"))
        table.close("192.0.2.1")
        #expect(table.open("192.0.2.1"))
        #expect(table.count(of: "192.0.2.1") == 2)
    }
}

/// Plain TCP from a chosen loopback source address, for what an HTTP client library would not do.
enum RawClient {
    static func connect(from source: String, to port: Int) async throws -> any Channel {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(to: try SocketAddress(ipAddress: source, port: 0))
            .connect(host: "127.0.0.1", port: port)
            .get()
    }

    /// One request with `Connection: close`; the whole response as text.
    static func get(_ path: String, from source: String, port: Int) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(to: try SocketAddress(ipAddress: source, port: 0))
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: "GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
            var response = ""
            for try await chunk in inbound { response += String(buffer: chunk) }
            return response
        }
    }

    /// Polls `condition` until it holds or `limit` passes; whether it held.
    static func waitUntil(upTo limit: Duration, _ condition: () -> Bool) async -> Bool {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}
