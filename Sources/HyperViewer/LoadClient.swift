public import HyperRTC
import NIOCore
import NIOPosix

/// The event loops, DTLS certificate and HTTP client shared by many `LoadViewer`s in one process, so that a test or
/// a benchmark never touches NIO itself. Shut it down after closing its viewers.
public final class LoadClient: Sendable {
    /// The certificate every viewer of this client presents; each offer carries its fingerprint.
    public let certificate: DTLSCertificate
    private let group: MultiThreadedEventLoopGroup

    /// - Parameter threads: event loop threads for all viewers' sockets and timers.
    public init(threads: Int = 1) throws(LoadViewerError) {
        do {
            certificate = try DTLSCertificate.generate(commonName: "hypercube-load")
        } catch {
            throw LoadViewerError(.connectionFailed, "cannot generate the DTLS certificate: \(error.message)")
        }
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
    }

    /// Opens a viewer: binds its socket, exchanges offer and answer through `exchange` and starts ICE. Await
    /// `connected()` on it for the DTLS handshake.
    public func connectViewer(
        configuration: LoadViewerConfiguration = LoadViewerConfiguration(),
        exchange: WHEPOfferExchange
    ) async throws(LoadViewerError) -> LoadViewer {
        try await LoadViewer.connect(
            group: group, certificate: certificate, configuration: configuration, exchange: exchange)
    }

    /// A client for a Hypercube control plane at `host:port` (plain HTTP).
    public func controlPlane(host: String, port: Int) -> ControlPlaneClient {
        ControlPlaneClient(host: host, port: port)
    }

    /// Stops the event loops; viewers still open stop with them.
    public func shutdown() async {
        try? await group.shutdownGracefully()
    }
}
