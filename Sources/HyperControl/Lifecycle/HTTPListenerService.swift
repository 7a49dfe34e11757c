public import ServiceLifecycle

/// The control plane's HTTP application as a service whose failure names the address it could not serve, so that
/// `serve` ends with one line saying what went wrong instead of a bare socket error.
public struct HTTPListenerService<Application: Service>: Service {
    let application: Application
    let address: String

    public init(_ application: Application, address: String) {
        self.application = application
        self.address = address
    }

    public func run() async throws {
        do {
            try await application.run()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw ListenFailure(address: address, error: error)
        }
    }
}
