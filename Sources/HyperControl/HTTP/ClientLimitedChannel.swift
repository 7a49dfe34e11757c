import HummingbirdCore
import Logging
import NIOCore

/// An HTTP child channel that first counts the connection against its client address and closes one past the
/// client's share as soon as it is active, so one address cannot hold every socket the server has. Trusted proxies
/// are not counted: every client behind them connects through them.
struct ClientLimitedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let table: ClientConnectionTable
    let proxies: TrustedProxies

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        if !proxies.contains(channel.remoteAddress), let client = ClientAddress.key(of: channel.remoteAddress) {
            if table.open(client) {
                let table = self.table
                channel.closeFuture.whenComplete { _ in table.close(client) }
            } else {
                // A failed setup would leave the accepted socket open and unregistered: close it once active.
                logger.debug("closing a connection: too many from one client", metadata: ["client": "\(client)"])
                do {
                    try channel.pipeline.syncOperations.addHandler(ConnectionRefusal(), position: .first)
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
        }
        return base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
