/// What a new WHEP viewer counts against: the principal that will own the resource, and the client address whose
/// viewers still connecting (ICE and DTLS not done) are capped.
public struct ViewerAdmissionRequest: Sendable, Equatable {
    /// The subject of the principal that posted the offer; only it may change or end the resource. Nil when viewing
    /// is open.
    public var owner: String?
    /// The client the offer came from (an address, or an IPv6 /64); nil when unknown, and then not capped.
    public var client: String?
    /// How many viewers from `client` may be still connecting, this one not included.
    public var maximumPending: Int

    public init(owner: String? = nil, client: String? = nil, maximumPending: Int = .max) {
        self.owner = owner
        self.client = client
        self.maximumPending = maximumPending
    }
}
