public import Foundation
import HTTPTypes
public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import HyperJSON
public import HyperRender
public import HyperSFU
public import HyperScene
public import Logging
public import NIOCore
public import NIOSSL
public import Prometheus

/// How the HTTP control plane is reached and what it serves and allows.
public struct ControlPlaneConfiguration: Sendable {
    /// PEM files of the certificate chain and private key that turn on HTTPS (and HSTS).
    public struct TLSFiles: Sendable, Equatable {
        public var certificateChain: String
        public var privateKey: String

        public init(certificateChain: String, privateKey: String) {
            self.certificateChain = certificateChain
            self.privateKey = privateKey
        }

        /// Reads both files; `serve` calls it before it binds or renders anything, so a missing or unreadable key
        /// stops the start with one line.
        public func serverConfiguration() throws(ConfigurationError) -> TLSConfiguration {
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(certificateChain).map {
                    NIOSSLCertificateSource.certificate($0)
                }
                let key = try NIOSSLPrivateKey(file: privateKey, format: .pem)
                return .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
            } catch {
                throw ConfigurationError(
                    "--tls-cert/--tls-key", "cannot load \(certificateChain) and \(privateKey): \(error)")
            }
        }
    }

    public var host: String
    public var port: Int
    public var catalog: SceneCatalog
    public var access: AccessPolicy
    /// The GPU budget: the most width × height × fps, summed over sessions, the server renders.
    public var pixelRateLimit: Int
    public var tls: TLSFiles?
    /// The device the sessions render on, shown as `hypercube_gpu_info`.
    public var gpu: GPUDeviceInfo?
    public var connections: HTTPConnectionLimits
    public var cors: CORSPolicy
    /// The cluster's sessions (`serve --cluster`); nil on a single node.
    public var directory: (any SessionDirectory)?

    public init(
        host: String,
        port: Int,
        catalog: SceneCatalog,
        access: AccessPolicy = AccessPolicy(),
        pixelRateLimit: Int = 1920 * 1080 * 90 * 4,
        tls: TLSFiles? = nil,
        gpu: GPUDeviceInfo? = nil,
        connections: HTTPConnectionLimits = HTTPConnectionLimits(),
        cors: CORSPolicy = CORSPolicy(),
        directory: (any SessionDirectory)? = nil
    ) {
        self.directory = directory
        self.host = host
        self.port = port
        self.catalog = catalog
        self.access = access
        self.pixelRateLimit = pixelRateLimit
        self.tls = tls
        self.gpu = gpu
        self.connections = connections
        self.cors = cors
    }
}

/// What the control plane keeps across requests and restarts: the flags, the audit log and the draining signal.
public struct ControlState: Sendable {
    public var flags: FlagStore
    public var audit: AuditLog
    public var drain: DrainState

    public init(flags: FlagStore, audit: AuditLog, drain: DrainState) {
        self.flags = flags
        self.audit = audit
        self.drain = drain
    }

    /// Opens (creating when missing) the state directory: the audit key (from `environment` or the directory), the
    /// audit log, then the flags with the start-up overrides applied.
    public static func open(
        directory: URL,
        overrides: StartupFlagOverrides,
        environment: [String: String] = [:],
        logger: Logger
    ) throws(StateError) -> ControlState {
        try DurableFile.createDirectory(directory)
        guard let key = try AuditKey.load(directory: directory, environment: environment, create: true) else {
            throw StateError(path: directory.path, "no audit key")
        }
        let audit = try AuditLog.open(directory: directory, key: key, logger: logger)
        let flags = try FlagStore.open(directory: directory, overrides: overrides, audit: audit, logger: logger)
        return ControlState(flags: flags, audit: audit, drain: DrainState())
    }
}

/// Builds the router: health, metrics, flags, audit, scenes and sessions, WHEP, the player and XR pages, behind the
/// security-header, CORS, request-metrics and problem-response middleware.
public func buildRouter(
    configuration: ControlPlaneConfiguration,
    media: any MediaService,
    state: ControlState,
    registry: PrometheusCollectorRegistry,
    logger: Logger
) -> Router<ControlPlaneRequestContext> {
    let router = Router(context: ControlPlaneRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware(strictTransportSecurity: configuration.tls != nil))
    router.add(middleware: CORSHeadersMiddleware(policy: configuration.cors))
    router.add(middleware: RequestMetricsMiddleware())
    // A server span per request (a no-op unless the process bootstrapped a tracer); `?token=` never reaches a span.
    router.add(middleware: TracingMiddleware(redactingQueryParameters: ["token"]))
    router.add(middleware: ProblemResponseMiddleware())
    let access = AccessControl(policy: configuration.access, drain: state.drain)

    if let gpu = configuration.gpu { GPUInfoMetric.publish(gpu, to: registry) }

    router.get("/health/live") { _, _ in
        JSONBody(["status": "live"])
    }
    router.get("/health/ready") { _, _ -> JSONBody in
        if state.drain.isDraining {
            return JSONBody(["status": "draining", "reason": "shutting down"], status: .serviceUnavailable)
        }
        let (ready, reason) = media.readiness
        return JSONBody(
            ["status": .string(ready ? "ready" : "not ready"), "reason": .string(reason)],
            status: ready ? .ok : .serviceUnavailable
        )
    }
    router.get("/metrics") { _, _ -> Response in
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        buffer += Array(ProcessMetrics.text().utf8)
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer))
        )
    }
    router.get("/v1/scenes") { request, context -> JSONBody in
        try access.requireViewer(request, context: context)
        let scenes = configuration.catalog.names.map { name -> JSONValue in
            let scene = try? configuration.catalog.scene(named: name)
            return ["name": .string(name), "description": .string(scene?.description ?? "")]
        }
        return JSONBody(["scenes": .array(scenes)])
    }
    FlagRoutes(flags: state.flags, access: access).register(on: router)
    AuditRoutes(audit: state.audit, access: access).register(on: router)
    let budget = RenderBudget(media: media, limit: configuration.pixelRateLimit)
    SessionRoutes(
        media: media,
        catalog: configuration.catalog,
        flags: state.flags,
        audit: state.audit,
        access: access,
        budget: budget,
        directory: configuration.directory
    ).register(on: router)
    WHEPRoutes(
        media: media, access: access, admission: ViewerAdmission(policy: configuration.access.admission),
        budget: budget, directory: configuration.directory, logger: logger
    ).register(on: router)
    XRPoseSocketRoute(media: media, access: access).register(on: router)
    router.get("/") { _, _ in PlayerPage.html }
    router.get("/player") { _, _ in PlayerPage.html }
    router.get("/player.js") { _, _ in PlayerScript.javascript }
    router.get("/player.css") { _, _ in PlayerStylesheet.css }
    router.get("/xr") { _, _ in XRPage.html }
    router.get("/xr.js") { _, _ in XRScript.javascript }
    router.get("/xr.css") { _, _ in XRStylesheet.css }
    return router
}

/// Builds the Hummingbird application around `buildRouter`, over HTTPS when the configuration names TLS files. Its
/// connections are HTTP/1.1, limited per client, and may upgrade to a WebSocket where a route accepts one (the XR pose
/// socket).
public func buildApplication(
    configuration: ControlPlaneConfiguration,
    media: any MediaService,
    state: ControlState,
    registry: PrometheusCollectorRegistry,
    logger: Logger,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) throws(ConfigurationError) -> some ApplicationProtocol {
    let router = buildRouter(
        configuration: configuration,
        media: media,
        state: state,
        registry: registry,
        logger: logger
    )
    let table = ClientConnectionTable(limit: configuration.connections.connectionsPerClient)
    let requestReadTimeout = TimeAmount(configuration.connections.requestReadTimeout)
    let http1 = HTTP1Channel.Configuration(
        additionalChannelHandlers: [RequestReadDeadline(limit: requestReadTimeout)],
        idleTimeout: TimeAmount(configuration.connections.idleTimeout)
    )
    let upgrades = router.buildResponder()
    let limited = HTTPServerBuilder { responder in
        ClientLimitedChannel(
            base: WebSocketUpgradableChannel(
                http1: HTTP1Channel(responder: responder, configuration: http1),
                upgrader: { request, channel, logger in
                    await webSocketUpgrade(request, channel: channel, logger: logger, responder: upgrades)
                }),
            table: table, proxies: configuration.access.trustedProxies)
    }
    let server: HTTPServerBuilder
    if let tls = configuration.tls {
        let tlsConfiguration = try tls.serverConfiguration()
        do {
            server = try .tls(limited, tlsConfiguration: tlsConfiguration)
        } catch {
            throw ConfigurationError("--tls-cert/--tls-key", "\(error)")
        }
    } else {
        server = limited
    }
    return Application(
        router: router,
        server: server,
        // A deep accept queue (the kernel caps it at net.core.somaxconn, 4096 by default): a burst of connections
        // from one client must not fill it, or others' SYNs are dropped and their connect waits out a 1 s retry,
        // longer than a liveness probe's patience. Excess connections are closed as soon as they are accepted.
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), backlog: 4096),
        // What follows the flags (the live sessions, the metrics) runs for the application's lifetime.
        services: [
            FlagSessionBinding(flags: state.flags, media: media), FlagMetrics(registry: registry, store: state.flags),
        ],
        onServerRunning: onServerRunning,
        logger: logger
    )
}

/// Runs a WebSocket upgrade request through the router, with a slot the accepting route claims: the route's answer
/// decides whether the connection upgrades or is refused with that answer.
private func webSocketUpgrade(
    _ request: Request, channel: any Channel, logger: Logger, responder: some HTTPResponder<ControlPlaneRequestContext>
) async -> WebSocketUpgradableChannel.Upgrade {
    var context = ControlPlaneRequestContext(source: .init(channel: channel, logger: logger))
    let slot = WebSocketUpgradeSlot()
    context.webSocketUpgrade = slot
    let response: Response
    do {
        response = try await responder.respond(to: request, context: context)
    } catch {
        response = ProblemResponseMiddleware<ControlPlaneRequestContext>.problem(for: error).response(
            instance: request.uri.path)
    }
    if response.status == .ok, let session = slot.session {
        return .accepted(session, response.headers)
    }
    return .refused(response)
}
