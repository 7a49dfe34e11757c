internal import COpenSSL

extension SRTPKeyingMaterial {
    private static let exporterLabel = "EXTRACTOR-dtls_srtp"

    /// Exports the SRTP keys of a finished DTLS handshake (RFC 5764 §4.2): the exporter output is client key,
    /// server key, client salt, server salt; ours are the client's when we are the client.
    init(exportingFrom ssl: OpaquePointer, profile: SRTPProtectionProfile, role: DTLSRole) throws(RTCError) {
        let keyLength = profile.keyLength
        let saltLength = profile.saltLength
        var material = [UInt8](repeating: 0, count: 2 * (keyLength + saltLength))
        let exported = SSL_export_keying_material(
            ssl, &material, material.count, Self.exporterLabel, Self.exporterLabel.utf8.count, nil, 0, 0
        )
        guard exported == 1 else {
            throw RTCError.openSSL(.dtlsFailure, "cannot export the DTLS-SRTP keying material")
        }
        let clientKey = Array(material[0..<keyLength])
        let serverKey = Array(material[keyLength..<2 * keyLength])
        let clientSalt = Array(material[2 * keyLength..<2 * keyLength + saltLength])
        let serverSalt = Array(material[(2 * keyLength + saltLength)...])
        switch role {
        case .client:
            self.init(
                profile: profile, localKey: clientKey, localSalt: clientSalt, remoteKey: serverKey,
                remoteSalt: serverSalt
            )
        case .server:
            self.init(
                profile: profile, localKey: serverKey, localSalt: serverSalt, remoteKey: clientKey,
                remoteSalt: clientSalt
            )
        }
    }
}
