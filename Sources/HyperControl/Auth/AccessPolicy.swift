import Foundation

/// Who may do what, read once from the environment at start: the operator token (`HYPERCUBE_OPERATOR_TOKEN` or
/// the file `HYPERCUBE_OPERATOR_TOKEN_FILE` names), the HS256 secret for JWTs (`HYPERCUBE_JWT_SECRET`), whether
/// WHEP viewing needs a token (`HYPERCUBE_VIEWER_AUTH=open|required`), the per-client write rate and the WHEP offer
/// limits (`HYPERCUBE_WHEP_OFFER_RATE`, `HYPERCUBE_WHEP_OFFER_BURST`, `HYPERCUBE_WHEP_PENDING_PER_CLIENT`).
public struct AccessPolicy: Sendable {
    /// Whether watching (WHEP POST and the `/v1` reads) needs a token.
    public enum ViewerAccess: String, Sendable {
        case open
        case required
    }

    public static let minimumTokenLength = 16
    /// What per-second rates and bursts may be set to.
    static let rateRange = 0.01...100_000.0
    static let burstRange = 1...100_000
    public static let minimumSecretLength = 32

    public var operatorToken: String?
    public var jwtSecret: [UInt8]?
    public var viewerAccess: ViewerAccess
    /// Sustained writes per second one client may make.
    public var writesPerSecond: Double
    /// Writes one client may make in a burst.
    public var writeBurst: Int
    /// How fast WHEP offers are taken, per client and per principal, and how many viewers still connecting one client
    /// may have.
    public var admission: ViewerAdmissionPolicy
    /// Proxies whose `X-Forwarded-For` names the client that limits are keyed on.
    public var trustedProxies = TrustedProxies()
    /// Failed authentications one client address may make a second, and in a burst, before it is answered 429.
    public var failedAuthenticationsPerSecond = 1.0
    public var failedAuthenticationBurst = 20

    public init(
        operatorToken: String? = nil,
        jwtSecret: [UInt8]? = nil,
        viewerAccess: ViewerAccess = .open,
        writesPerSecond: Double = 10,
        writeBurst: Int = 20,
        admission: ViewerAdmissionPolicy = ViewerAdmissionPolicy()
    ) {
        self.operatorToken = operatorToken
        self.jwtSecret = jwtSecret
        self.viewerAccess = viewerAccess
        self.writesPerSecond = writesPerSecond
        self.writeBurst = writeBurst
        self.admission = admission
    }

    /// Whether any credential can be checked; without one every write is refused.
    public var hasCredentials: Bool {
        operatorToken != nil || jwtSecret != nil
    }

    /// Reads the policy; an unreadable token file, a too-short secret or an unknown setting refuses the start.
    public init(environment: [String: String]) throws(ConfigurationError) {
        self.init()
        let inline = environment["HYPERCUBE_OPERATOR_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let file = environment["HYPERCUBE_OPERATOR_TOKEN_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        if inline != nil, file != nil {
            throw ConfigurationError(
                "HYPERCUBE_OPERATOR_TOKEN_FILE",
                "set either HYPERCUBE_OPERATOR_TOKEN or HYPERCUBE_OPERATOR_TOKEN_FILE, not both"
            )
        }
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ConfigurationError("HYPERCUBE_OPERATOR_TOKEN_FILE", "cannot read \(file)")
            }
            operatorToken = text.trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            operatorToken = inline
        }
        if let token = operatorToken, token.count < Self.minimumTokenLength {
            throw ConfigurationError(
                file == nil ? "HYPERCUBE_OPERATOR_TOKEN" : "HYPERCUBE_OPERATOR_TOKEN_FILE",
                "the operator token must be at least \(Self.minimumTokenLength) characters"
            )
        }
        if let secret = environment["HYPERCUBE_JWT_SECRET"], !secret.isEmpty {
            guard secret.utf8.count >= Self.minimumSecretLength else {
                throw ConfigurationError(
                    "HYPERCUBE_JWT_SECRET", "an HS256 secret must be at least \(Self.minimumSecretLength) bytes"
                )
            }
            jwtSecret = Array(secret.utf8)
        }
        if let access = environment["HYPERCUBE_VIEWER_AUTH"], !access.isEmpty {
            guard let value = ViewerAccess(rawValue: access.lowercased()) else {
                throw ConfigurationError("HYPERCUBE_VIEWER_AUTH", "'\(access)' is neither open nor required")
            }
            viewerAccess = value
        }
        writesPerSecond = try NumericSetting.double(
            environment: environment, "HYPERCUBE_WRITE_RATE", in: Self.rateRange, default: writesPerSecond)
        writeBurst = try NumericSetting.integer(
            environment: environment, "HYPERCUBE_WRITE_BURST", in: Self.burstRange, default: writeBurst)
        admission.offersPerSecond = try NumericSetting.double(
            environment: environment, "HYPERCUBE_WHEP_OFFER_RATE", in: Self.rateRange,
            default: admission.offersPerSecond)
        admission.offerBurst = try NumericSetting.integer(
            environment: environment, "HYPERCUBE_WHEP_OFFER_BURST", in: Self.burstRange, default: admission.offerBurst)
        admission.pendingViewersPerClient = try NumericSetting.integer(
            environment: environment, "HYPERCUBE_WHEP_PENDING_PER_CLIENT", in: Self.burstRange,
            default: admission.pendingViewersPerClient)
    }
}
