import HyperControl

extension ServeCommand {
    /// The numbers `serve` reads at start from its options and the environment, each checked finite and in range
    /// before anything is bound or rendered, so that a bad value stops the start with one line naming it.
    struct StartSettings {
        static let ports = 0...65535
        static let iceTimeouts = 1.0...3600.0
        static let pixelBudgets = 1...(7680 * 4320 * 240 * 64)

        var httpPort: Int
        var udpPort: Int
        /// Seconds a viewer may take to connect, and an unfinished ICE restart to complete.
        var iceTimeout: Double
        /// Seconds a viewer none of whose addresses answered ICE keeps its slot.
        var pendingViewerTimeout: Double
        var pixelBudget: Int
        var connections: HTTPConnectionLimits

        init(command: ServeCommand, environment: [String: String]) throws(ConfigurationError) {
            if let port = command.port {
                httpPort = try NumericSetting.check("--port", port, in: Self.ports)
            } else {
                httpPort = try NumericSetting.integer(environment: environment, "PORT", in: Self.ports, default: 5000)
            }
            udpPort = try NumericSetting.check("--udp-port", command.udpPort ?? httpPort, in: Self.ports)
            iceTimeout = try NumericSetting.double(
                environment: environment, "HYPERCUBE_ICE_TIMEOUT_SECONDS", in: Self.iceTimeouts, default: 30)
            pendingViewerTimeout = try NumericSetting.double(
                environment: environment, "HYPERCUBE_PENDING_VIEWER_TIMEOUT_SECONDS", in: 1...min(iceTimeout, 600),
                default: min(8, iceTimeout))
            try NumericSetting.check("--max-xr-viewers", command.maxXrViewers, in: 0...1000)
            if let budget = command.gpuPixelBudget {
                pixelBudget = try NumericSetting.check("--gpu-pixel-budget", budget, in: Self.pixelBudgets)
            } else {
                pixelBudget = try NumericSetting.integer(
                    environment: environment, "HYPERCUBE_GPU_PIXEL_BUDGET", in: Self.pixelBudgets,
                    default: 1920 * 1080 * 90 * 4)
            }
            try NumericSetting.check("--fps", command.fps, in: 1...240)
            try NumericSetting.check("--drain-seconds", command.drainSeconds, in: 0...8)
            try NumericSetting.check("--max-viewers-per-session", command.maxViewersPerSession, in: 1...100_000)
            connections = HTTPConnectionLimits(
                idleTimeout: .milliseconds(
                    Int(try NumericSetting.check("--http-idle-timeout", command.httpIdleTimeout, in: 1...3600) * 1000)),
                requestReadTimeout: .milliseconds(
                    Int(
                        try NumericSetting.check(
                            "--http-request-read-timeout", command.httpRequestReadTimeout, in: 1...3600) * 1000)),
                connectionsPerClient: try NumericSetting.check(
                    "--max-connections-per-client", command.maxConnectionsPerClient, in: 1...100_000)
            )
        }
    }
}
