/// The SRTP master keys and salts of one DTLS-SRTP association, split into our sending and the peer's sending side.
public struct SRTPKeyingMaterial: Sendable, Equatable {
    public var profile: SRTPProtectionProfile
    public var localKey: [UInt8]
    public var localSalt: [UInt8]
    public var remoteKey: [UInt8]
    public var remoteSalt: [UInt8]

    public init(
        profile: SRTPProtectionProfile,
        localKey: [UInt8],
        localSalt: [UInt8],
        remoteKey: [UInt8],
        remoteSalt: [UInt8]
    ) {
        self.profile = profile
        self.localKey = localKey
        self.localSalt = localSalt
        self.remoteKey = remoteKey
        self.remoteSalt = remoteSalt
    }
}
