import Hummingbird
import HyperControl
import Logging
import NIOCore
import NIOPosix
import Testing

/// The HTTP server that cannot listen ends its service with an error naming the address and the reason, which
/// `serve` prints as its one error line.
@Suite struct HTTPListenerServiceTests {
    @Test func aTakenPortIsNamedWithItsReason() async throws {
        let holder = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(holder.localAddress?.port)
        let application = Application(
            router: Router(),
            configuration: .init(address: .hostname("127.0.0.1", port: port)),
            logger: Logger(label: "test")
        )
        let service = HTTPListenerService(application, address: "127.0.0.1:\(port)")
        let error = await #expect(throws: ListenFailure.self) { try await service.run() }
        try await holder.close()
        #expect(error?.address == "127.0.0.1:\(port)")
        #expect(error?.description.hasPrefix("cannot serve HTTP on 127.0.0.1:\(port): ") == true)
        #expect(error?.reason.contains("another process uses this port") == true)
    }
}
