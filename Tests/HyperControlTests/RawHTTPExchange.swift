import Foundation
import NIOCore
import NIOPosix

/// Sends bytes as they are on a new TCP connection to 127.0.0.1 and returns the response head: for the requests a
/// test client rewrites (its clients drop hop-by-hop headers such as `Upgrade`).
enum RawHTTPExchange {
    static func head(port: Int, request: String, timeout: TimeAmount = .seconds(10)) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: request))
            var received = ""
            for try await chunk in inbound {
                received += String(buffer: chunk)
                if let end = received.range(of: "\r\n\r\n") { return String(received[..<end.upperBound]) }
            }
            return received
        }
    }
}
