public import HyperSFU
public import Logging
public import ServiceLifecycle

/// The service that runs shutdown in order: on SIGTERM it marks the server draining at once (readiness 503, so
/// load balancers stop sending viewers), waits `delay` while the HTTP server still answers, ends every viewer and
/// session, and closes the audit log; only then does the HTTP server stop. List it after the application in the
/// service group, which shuts services down in reverse order.
public struct ShutdownDrain: Service {
    let drain: DrainState
    let media: any MediaService
    let audit: AuditLog
    let delay: Duration
    let logger: Logger

    public init(drain: DrainState, media: any MediaService, audit: AuditLog, delay: Duration, logger: Logger) {
        self.drain = drain
        self.media = media
        self.audit = audit
        self.delay = delay
        self.logger = logger
    }

    public func run() async throws {
        try? await gracefulShutdown()
        drain.begin()
        logger.notice("shutdown: draining (readiness now 503), ending viewers in \(delay)")
        try? await Task.sleep(for: delay)
        await media.shutdown()
        audit.close()
        logger.notice("shutdown: viewers ended, sessions stopped, state flushed")
    }
}
