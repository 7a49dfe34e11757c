import ArgumentParser
import Foundation
import Hummingbird
import HyperControl
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
            Environment: PORT (default HTTP port), HYPERCUBE_ICE_TIMEOUT_SECONDS (default 30).
            """
    )

    @Option(help: "HTTP port (default: $PORT or 5000).")
    var port: Int?

    @Option(help: "UDP port for media (default: the HTTP port).")
    var udpPort: Int?

    @Option(help: "Address to listen on.")
    var host: String = "0.0.0.0"

    @Option(help: "Address viewers reach the media port on, put in SDP candidates.")
    var announceIP: String = "127.0.0.1"

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

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "hypercube")
        do {
            try await serve(registry: registry, logger: logger)
        } catch {
            throw fail(error)
        }
    }

    private func serve(registry: PrometheusCollectorRegistry, logger: Logger) async throws {
        let httpPort = port ?? ProcessInfo.processInfo.environment["PORT"].flatMap(Int.init) ?? 5000
        let (width, height) = try RenderOptions.parseSize(size)
        guard fps > 0, fps <= 240 else { throw ValidationError("--fps must be in 1...240") }
        let catalog = try SceneCatalog.locate()
        let sceneValue = try SceneArgument.load(scene)
        let iceTimeout = ProcessInfo.processInfo.environment["HYPERCUBE_ICE_TIMEOUT_SECONDS"].flatMap(Double.init) ?? 30
        let media = try MediaServer(
            configuration: SFUConfiguration(
                bindHost: host,
                udpPort: udpPort ?? httpPort,
                announceHost: announceIP,
                iceTimeout: iceTimeout
            ),
            device: DeviceSelection(argument: device),
            logger: logger
        )
        try await media.start()
        await media.onViewerCountChange { session, count in
            Gauge(label: "hypercube_viewers", dimensions: [("session", session)]).record(count)
        }
        let settings = SessionSettings(
            sceneName: sceneValue.name,
            scene: sceneValue,
            width: width,
            height: height,
            framesPerSecond: fps,
            bitrate: try EncoderSettings.parseBitrate(bitrate)
        )
        await media.addSession(id: "default", settings: settings)
        Gauge(label: "hypercube_viewers", dimensions: [("session", "default")]).record(0)
        let app = buildApplication(
            configuration: ControlPlaneConfiguration(host: host, port: httpPort, catalog: catalog),
            media: media,
            registry: registry,
            logger: logger
        )
        let shownHost = host == "0.0.0.0" ? announceIP : host
        let banner = """
            Hypercube: serving \(sceneValue.name) at \(width)x\(height), \(fps) fps
            Player: http://\(shownHost):\(httpPort)/   WHEP: http://\(shownHost):\(httpPort)/whep/default

            """
        FileHandle.standardOutput.write(Data(banner.utf8))
        do {
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch {
            await media.shutdown()
            throw error
        }
        await media.shutdown()
        logger.info("stopped")
    }
}
