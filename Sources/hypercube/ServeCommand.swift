import ArgumentParser
import Foundation
import Hummingbird
import HyperControl
import HyperImage
import HyperMedia
import HyperRender
import HyperSFU
import HyperScene
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import UnixSignals

/// `hypercube serve`: render the default scene and stream it over WebRTC (WHEP), with the HTTP control plane.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve live 4D scenes over WebRTC (WHEP) with the HTTP control plane.",
        discussion: """
            hypercube serve
            hypercube serve --port 8080 --udp-port 40000 --announce-ip 203.0.113.7 --size 1920x1080 --fps 90
            hypercube serve --announce-ip 192.168.1.20 --announce-ip 127.0.0.1
            hypercube serve --state-dir /var/lib/hypercube --tls-cert cert.pem --tls-key key.pem
            Environment: PORT (default HTTP port), HYPERCUBE_ICE_TIMEOUT_SECONDS (default 30),
            HYPERCUBE_STATE_DIR (default ./state), HYPERCUBE_OPERATOR_TOKEN or HYPERCUBE_OPERATOR_TOKEN_FILE,
            HYPERCUBE_JWT_SECRET, HYPERCUBE_VIEWER_AUTH (open|required), HYPERCUBE_WRITE_RATE, HYPERCUBE_WRITE_BURST,
            HYPERCUBE_WHEP_OFFER_RATE, HYPERCUBE_WHEP_OFFER_BURST, HYPERCUBE_WHEP_PENDING_PER_CLIENT,
            HYPERCUBE_GPU_PIXEL_BUDGET,
            EXPERIMENTAL_FEATURES and ADVANCED_RENDERING (true|false|1|0: start-up flag values).
            See docs/operations.md.
            """
    )

    @Option(help: "HTTP port (default: $PORT or 5000).")
    var port: Int?

    @Option(help: "UDP port for media (default: the HTTP port).")
    var udpPort: Int?

    @Option(
        help: """
            Address to listen on. On a wildcard (0.0.0.0, ::) the media port gets a socket per local address, so that \
            every viewer is answered from the address it reached.
            """)
    var host: String = "0.0.0.0"

    @Option(
        help: """
            Address viewers reach the media port on, put in SDP candidates; repeat it for several. Default: every \
            interface address of --host's family (link-local IPv6 excepted), then loopback.
            """)
    var announceIP: [String] = []

    @Option(help: "Scene of the default session.")
    var scene: String = SceneCatalog.defaultSceneName

    @Option(help: "Picture size of the default session.")
    var size: String = "1280x720"

    @Option(help: "Frames per second of the default session.")
    var fps: Double = 30

    @Option(help: "Video bitrate of the default session.")
    var bitrate: String = "2M"

    @Option(help: "Vulkan device: an index or part of a name.")
    var device: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Option(help: "Directory for flags.json and audit.jsonl (default: $HYPERCUBE_STATE_DIR or ./state).")
    var stateDir: String?

    @Option(help: "PEM certificate chain; with --tls-key serves HTTPS (needed for WebXR off localhost).")
    var tlsCert: String?

    @Option(help: "PEM private key of --tls-cert.")
    var tlsKey: String?

    @Flag(
        help: """
            Serve HTTPS with a self-signed certificate for this machine's addresses, made once and kept in the state \
            directory (tls/): what a headset needs to open /xr by the LAN address.
            """)
    var tlsSelfSigned = false

    @Option(
        help:
            "GPU budget: the most width × height × fps summed over sessions (default: $HYPERCUBE_GPU_PIXEL_BUDGET or 1920×1080×90×4)."
    )
    var gpuPixelBudget: Int?

    @Option(help: "Seconds between SIGTERM (readiness turns 503) and ending the viewers.")
    var drainSeconds: Double = 1

    @Option(help: "Viewers one session takes before WHEP answers 503 with Retry-After.")
    var maxViewersPerSession: Int = 500

    @Option(
        help: """
            XR viewers (each with a render and an encoder of its own) the server runs at once, within the GPU budget; \
            0 turns ?mode=xr off.
            """)
    var maxXrViewers: Int = 4

    @Option(
        help: """
            Seconds an HTTP connection may stay open with no request under way (idle keep-alive, or a request head \
            still arriving) before it is closed.
            """)
    var httpIdleTimeout: Double = 30

    @Option(help: "Seconds an HTTP request's body may take to arrive once its head has; slower ones are closed.")
    var httpRequestReadTimeout: Double = 10

    @Option(
        help: """
            Web origin (scheme://host[:port], or *) whose pages may read /v1, health and metrics responses; repeat \
            it for several. Default: none.
            """)
    var corsOrigin: [String] = []

    @Flag(
        inversion: .prefixedNo,
        help: "Let pages of any origin use WHEP (players live on other sites); off: only --cors-origin ones."
    )
    var whepAnyOrigin = true

    @Option(
        help: "HTTP connections one client address (IPv4, or IPv6 /64) may hold at once; more are closed as they open.")
    var maxConnectionsPerClient: Int = HTTPConnectionLimits.defaultConnectionsPerClient

    @Option(
        help: """
            A reverse proxy (an address or CIDR network) whose X-Forwarded-For names the client that rate limits are \
            keyed on; not held to the per-client connection cap. Repeat it for several.
            """)
    var trustedProxy: [String] = []

    @Flag(
        inversion: .prefixedNo,
        help: "Send each viewer's share of a frame as one segmented datagram (UDP GSO) if the kernel passes a probe."
    )
    var udpSegmentation = true

    @Option(
        help: """
            Join a cluster of nodes sharing this PostgreSQL database (postgres://USER@HOST:PORT/DB[?sslmode=require]): \
            sessions are placed on the node with room, found from any node, relayed or redirected, and moved when \
            a node dies. Password: --cluster-password-file or $HYPERCUBE_CLUSTER_PASSWORD.
            """)
    var cluster: String?

    @Option(help: "File holding the --cluster database password (a mounted secret).")
    var clusterPasswordFile: String?

    @Option(help: "This node's id in the cluster (default: $HYPERCUBE_NODE_ID, else HOSTNAME-PORT).")
    var nodeID: String?

    @Option(
        help: "Base URL other nodes and redirected viewers reach this node at (default: http://FIRST-ANNOUNCE-IP:PORT)."
    )
    var publicURL: String?

    @Flag(
        inversion: .prefixedNo,
        help: "Relay a session rendered on another node through this one (off: answer its viewers 307 to the owner).")
    var clusterRelay = true

    @Option(
        help: """
            Media this node may send, in bits per second (800M, 2.5G): past it, viewers of sessions rendered on other \
            nodes are redirected (307) to the owner instead of relayed here. Default: no budget.
            """)
    var egressBudget: String?

    @Option(
        help: """
            Relay the default session from another Hypercube node (http://HOST:PORT) instead of rendering it: an edge \
            that needs no GPU, whose viewers share one upstream stream. The upstream's viewer token, if it asks for \
            one: $HYPERCUBE_RELAY_TOKEN.
            """)
    var relayFrom: String?

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let traces: TraceExport?
        do {
            traces = try TraceExport.endpoint(environment: ProcessInfo.processInfo.environment).map {
                try TraceExport.bootstrap(endpoint: $0)
            }
        } catch {
            throw fail(error)
        }
        LoggingSystem.bootstrap(
            { label, provider in
                var handler = JSONLogHandler(label: label, metadataProvider: provider)
                handler.logLevel = level
                return handler
            }, metadataProvider: traces == nil ? nil : TraceExport.loggingMetadataProvider)
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Frame-time buckets around the 90 Hz (11.1 ms) and 60/30 Hz budgets.
        let frameBuckets: [Duration] = [0.25, 0.5, 1, 2, 4, 8, 11.1, 16.7, 25, 33.3, 50, 100, 250, 500, 1000].map {
            .microseconds(Int64($0 * 1000))
        }
        for label in [
            "hypercube_render_seconds", "hypercube_encode_seconds", "hypercube_glass_to_wire_seconds",
            "hypercube_xr_pose_to_wire_seconds", "hypercube_xr_motion_to_photon_seconds",
        ] {
            factory.durationHistogramBuckets[label] = frameBuckets
        }
        // GPU time per frame: a GPU's fraction of a millisecond up to lavapipe's hundreds.
        factory.durationHistogramBuckets["hypercube_gpu_seconds"] = [
            0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 11.1, 16.7, 33.3, 100, 250, 1000,
        ].map { .microseconds(Int64($0 * 1000)) }
        factory.valueHistogramBuckets["hypercube_xr_residual_rotation_degrees"] = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 45]
        factory.valueHistogramBuckets["hypercube_viewer_reported_fraction_lost"] = [
            0, 0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1,
        ]
        MetricsSystem.bootstrap(factory)
        let logger = Logger(label: "hypercube")
        do {
            try await serve(registry: registry, traces: traces, logger: logger)
        } catch {
            throw fail(error)
        }
    }

    private func serve(registry: PrometheusCollectorRegistry, traces: TraceExport?, logger: Logger) async throws {
        let environment = ProcessInfo.processInfo.environment
        let start = try StartSettings(command: self, environment: environment)
        let httpPort = start.httpPort
        let (width, height) = try RenderOptions.parseSize(size)
        let cors = try CORSPolicy.parse(origins: corsOrigin, whepOpenToAnyOrigin: whepAnyOrigin)
        var access = try AccessPolicy(environment: environment)
        access.trustedProxies = try TrustedProxies(parsing: trustedProxy)
        let overrides = try StartupFlagOverrides(environment: environment)
        let stateDirectory = URL(
            fileURLWithPath: stateDir ?? environment["HYPERCUBE_STATE_DIR"].flatMap { $0.isEmpty ? nil : $0 }
                ?? "state",
            isDirectory: true
        )
        let state = try ControlState.open(
            directory: stateDirectory, overrides: overrides, environment: environment, logger: logger)
        logger.info("state directory \(stateDirectory.path): \(state.audit.count) audit entries")
        if !access.hasCredentials {
            logger.warning(
                "no operator credentials configured: flag and session writes are refused until HYPERCUBE_OPERATOR_TOKEN, HYPERCUBE_OPERATOR_TOKEN_FILE or HYPERCUBE_JWT_SECRET is set"
            )
        }
        let catalog = try SceneCatalog.locate()
        let sceneValue = try SceneArgument.load(scene)
        let selection = DeviceSelection(argument: device)
        let announceHosts = announceIP.isEmpty ? HostCandidateAddresses.discover(bindHost: host) : announceIP
        logger.info("media host candidates: \(announceHosts.joined(separator: ", "))")
        let tls = try tlsFiles(stateDirectory: stateDirectory, hosts: announceHosts, logger: logger)
        _ = try tls?.serverConfiguration()
        var sfu = SFUConfiguration(
            bindHost: host,
            udpPort: start.udpPort,
            announceHosts: announceHosts,
            iceTimeout: start.iceTimeout,
            pendingViewerTimeout: start.pendingViewerTimeout,
            maximumViewersPerSession: maxViewersPerSession,
            udpSegmentation: udpSegmentation
        )
        sfu.maximumXRViewers = maxXrViewers
        let media = try MediaServer(
            configuration: sfu,
            device: selection,
            logger: logger
        )
        do {
            try await media.start()
        } catch {
            throw ListenFailure("bind the UDP media socket", address: "\(host):\(start.udpPort)", error: error)
        }
        let flags = state.flags.current
        let settings = SessionSettings(
            sceneName: sceneValue.name,
            scene: sceneValue,
            width: width,
            height: height,
            framesPerSecond: fps,
            bitrate: flags[.bitrate].updatedAt != nil ? flags.bitrate : try EncoderSettings.parseBitrate(bitrate)
        )
        // What a relay presents to the node it pulls from: its own token, else this node's operator token (from
        // HYPERCUBE_OPERATOR_TOKEN or its _FILE), which every node of one deployment shares.
        let relayToken = environment["HYPERCUBE_RELAY_TOKEN"].flatMap { $0.isEmpty ? nil : $0 } ?? access.operatorToken
        let clusterNode = try clusterMembership(
            environment: environment, settings: settings, media: media, state: state, httpPort: httpPort,
            announceHosts: announceHosts, scheme: tls == nil ? "http" : "https",
            gpu: (try? selection.choose(from: VulkanInstance().devices).0.name) ?? "", relayToken: relayToken,
            logger: logger)
        if clusterNode != nil {
            logger.info("the default session is placed on the cluster; this node renders what it owns")
        } else if let relayFrom {
            let upstream = try RelayUpstream(
                baseURL: relayFrom, sessionID: "default", bearerToken: relayToken)
            await media.addRelay(id: "default", settings: settings, upstream: upstream)
            logger.info("relaying the default session from \(upstream)")
        } else {
            let session = await media.addSession(id: "default", settings: settings)
            FlagSessionBinding(flags: state.flags, media: media).adopt(session)
        }
        let scheme = tls == nil ? "http" : "https"
        let onTerminal = isatty(STDOUT_FILENO) != 0
        let sceneName = sceneValue.name
        // Printed once the HTTP server listens, with the port it got (`--port 0` asks the kernel for one).
        @Sendable func banner(port: Int) -> String {
            let urls = PlayerURLs(scheme: scheme, listenHost: host, announced: announceHosts, port: port)
            var banner = """
                Hypercube: serving \(sceneName) at \(width)x\(height), \(fps) fps
                \(urls.lines.joined(separator: "\n"))

                """
            // A headset opens /xr by the LAN address over HTTPS: on a terminal, a QR code of the first such URL.
            if scheme == "https", onTerminal, let xr = urls.xrURLs.first, let code = try? QRCode(xr) {
                banner += "Scan to open \(xr):\n" + code.terminalLines().joined(separator: "\n") + "\n"
            }
            return banner
        }
        let app = try buildApplication(
            configuration: ControlPlaneConfiguration(
                host: host,
                port: httpPort,
                catalog: catalog,
                access: access,
                pixelRateLimit: start.pixelBudget,
                tls: tls,
                gpu: try? selection.choose(from: VulkanInstance().devices).0,
                connections: start.connections,
                cors: cors,
                directory: clusterNode?.directory
            ),
            media: media,
            state: state,
            registry: registry,
            logger: logger,
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? httpPort
                FileHandle.standardOutput.write(Data(banner(port: port).utf8))
            }
        )
        let drainDelay = Duration.milliseconds(Int(drainSeconds * 1000))
        var serviceConfiguration = ServiceGroupConfiguration(
            services: [
                .init(service: HTTPListenerService(app, address: "\(host):\(httpPort)")),
                .init(
                    service: ShutdownDrain(
                        drain: state.drain,
                        media: media,
                        audit: state.audit,
                        delay: drainDelay,
                        logger: logger
                    )
                ),
                .init(
                    service: ShutdownDeadline(limit: drainDelay + .seconds(5)) { limit in
                        FileHandle.standardError.write(Data("error: shutdown did not finish within \(limit)\n".utf8))
                        Foundation.exit(1)
                    },
                    successTerminationBehavior: .ignore
                ),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        if let clusterNode {
            // Last in the group, so it shuts down first: the node leaves and its sessions move while it drains.
            serviceConfiguration.services.append(.init(service: clusterNode))
        }
        if let traces {
            // First in the group, so it stops last and sends the spans of the drain too.
            serviceConfiguration.services.insert(.init(service: traces.service), at: 0)
        }
        serviceConfiguration.maximumGracefulShutdownDuration = drainDelay + .seconds(4)
        let services = ServiceGroup(configuration: serviceConfiguration)
        do {
            try await services.run()
        } catch {
            await media.shutdown()
            throw error
        }
        logger.info("stopped")
    }

    /// Both TLS files, or neither, or the self-signed pair for `hosts` (and the listen address when it is one).
    private func tlsFiles(
        stateDirectory: URL, hosts: [String], logger: Logger
    ) throws -> ControlPlaneConfiguration.TLSFiles? {
        switch (tlsCert, tlsKey, tlsSelfSigned) {
        case (nil, nil, false):
            return nil
        case (let certificate?, let key?, false):
            return .init(certificateChain: certificate, privateKey: key)
        case (nil, nil, true):
            let named = host == "0.0.0.0" || host == "::" ? hosts : hosts + [host]
            let (files, created) = try SelfSignedTLS.files(stateDirectory: stateDirectory, hosts: named)
            let action = created ? "made a" : "using the"
            logger.notice(
                "\(action) self-signed certificate \(files.certificateChain) for \(named.joined(separator: ", ")); browsers ask once to accept it"
            )
            return files
        case (_, _, true):
            throw ValidationError("--tls-self-signed makes its own certificate: leave out --tls-cert and --tls-key")
        default:
            throw ValidationError("--tls-cert and --tls-key go together")
        }
    }
}
