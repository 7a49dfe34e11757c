/// How fast WHEP offers are taken (`POST /whep/{session}`), read at start. A player sends one offer per
/// connection attempt, so the defaults sit far above what players do, even many behind one NAT address joining at
/// once (the e2e load test starts 21 viewers from one address in the same instant), and far below what fills a
/// session: a client holds at most `pendingViewersPerClient` of its 500 slots, and after its burst adds
/// `offersPerSecond` more.
public struct ViewerAdmissionPolicy: Sendable, Equatable {
    /// Sustained offers per second from one client address (an IPv6 client's /64).
    public var offersPerSecond: Double
    /// Offers one client address may send at once.
    public var offerBurst: Int
    /// Sustained offers per second with one principal's token when viewing is gated; higher than per address, since
    /// one viewer token may be shared by a whole audience behind many addresses.
    public var principalOffersPerSecond: Double
    /// Offers with one principal's token at once.
    public var principalOfferBurst: Int
    /// Viewers from one client address that have not connected yet (ICE and DTLS), before offers get 429.
    public var pendingViewersPerClient: Int

    public init(
        offersPerSecond: Double = 10,
        offerBurst: Int = 40,
        principalOffersPerSecond: Double = 50,
        principalOfferBurst: Int = 200,
        pendingViewersPerClient: Int = 32
    ) {
        self.offersPerSecond = offersPerSecond
        self.offerBurst = offerBurst
        self.principalOffersPerSecond = principalOffersPerSecond
        self.principalOfferBurst = principalOfferBurst
        self.pendingViewersPerClient = pendingViewersPerClient
    }
}
