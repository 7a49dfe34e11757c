/// How the media side of the server listens and how long it waits for viewers.
public struct SFUConfiguration: Sendable {
    /// Address the UDP media socket binds to.
    public var bindHost: String
    /// UDP port for every viewer's media (demultiplexed by ICE username and remote address).
    public var udpPort: Int
    /// The addresses put in SDP host candidates, most preferred first: what viewers can reach (the interface
    /// addresses, or a public IP behind NAT).
    public var announceHosts: [String]
    /// A viewer that has not connected within this time, or whose consent lapsed this long, is removed.
    public var iceTimeout: Double
    /// A viewer none of whose addresses has answered ICE (our consent check) within this time is removed, so that
    /// offers that never start ICE cannot hold a session's slots for the whole `iceTimeout`.
    public var pendingViewerTimeout: Double
    /// Viewers per session before WHEP answers 503.
    public var maximumViewersPerSession: Int
    /// Send each viewer's share of a frame as one segmented datagram (UDP GSO) when the kernel passes a probe at
    /// start; off sends one datagram per packet.
    public var udpSegmentation: Bool
    /// XR viewers (each with its own render and encoder) the server runs at once before `?mode=xr` answers 503:
    /// a bound on GPU and CPU time that leaves the sessions' spectators their frame rate.
    public var maximumXRViewers = 4

    public init(
        bindHost: String = "0.0.0.0",
        udpPort: Int = 5000,
        announceHosts: [String] = ["127.0.0.1"],
        iceTimeout: Double = 30,
        pendingViewerTimeout: Double = 8,
        maximumViewersPerSession: Int = 500,
        udpSegmentation: Bool = true
    ) {
        self.bindHost = bindHost
        self.udpPort = udpPort
        self.announceHosts = announceHosts
        self.iceTimeout = iceTimeout
        self.pendingViewerTimeout = pendingViewerTimeout
        self.maximumViewersPerSession = maximumViewersPerSession
        self.udpSegmentation = udpSegmentation
    }
}
