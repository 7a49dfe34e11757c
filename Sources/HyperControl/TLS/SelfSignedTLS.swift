import Crypto
public import Foundation
import SwiftASN1
import X509

/// `serve --tls-self-signed`: a certificate naming this server's own addresses, made once and kept in the state
/// directory (`tls/cert.pem`, and `tls/key.pem` with mode 0600), so that a headset which accepted it once keeps
/// reaching `https://<lan-ip>:port/xr` across restarts — WebXR needs a secure context off localhost. It is made
/// again when either file is unreadable, the two do not match, it expires within 30 days, or it lacks an address it
/// must name.
public enum SelfSignedTLS {
    static let validity: TimeInterval = 365 * 24 * 3600
    static let renewBefore: TimeInterval = 30 * 24 * 3600

    /// The certificate and key files for `hosts` (IP addresses or DNS names; `localhost` and 127.0.0.1 are always
    /// named), and whether they were made now.
    public static func files(
        stateDirectory: URL, hosts: [String], now: Date = Date()
    ) throws(ConfigurationError) -> (files: ControlPlaneConfiguration.TLSFiles, created: Bool) {
        let directory = stateDirectory.appendingPathComponent("tls", isDirectory: true)
        let certificateURL = directory.appendingPathComponent("cert.pem")
        let keyURL = directory.appendingPathComponent("key.pem")
        let files = ControlPlaneConfiguration.TLSFiles(certificateChain: certificateURL.path, privateKey: keyURL.path)
        let names = subjectAlternativeNames(for: hosts)
        if let existing = try? String(contentsOf: certificateURL, encoding: .utf8),
            let certificate = try? Certificate(pemEncoded: existing),
            let keyText = try? String(contentsOf: keyURL, encoding: .utf8),
            let key = try? P256.Signing.PrivateKey(pemRepresentation: keyText),
            Certificate.PublicKey(key.publicKey) == certificate.publicKey,
            certificate.notValidAfter > now.addingTimeInterval(renewBefore),
            let named = try? certificate.extensions.subjectAlternativeNames,
            Set(names).isSubset(of: Set(named))
        {
            return (files, false)
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let key = P256.Signing.PrivateKey()
            let privateKey = Certificate.PrivateKey(key)
            let subject = try DistinguishedName {
                CommonName("Hypercube self-signed")
                OrganizationName("Hypercube")
            }
            let certificate = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: privateKey.publicKey,
                notValidBefore: now.addingTimeInterval(-3600),
                notValidAfter: now.addingTimeInterval(validity),
                issuer: subject,
                subject: subject,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    KeyUsage(digitalSignature: true)
                    try ExtendedKeyUsage([.serverAuth])
                    SubjectAlternativeNames(names)
                },
                issuerPrivateKey: privateKey)
            // A crash between the two writes leaves a key the certificate does not match: made again at the next start.
            try DurableFile.replace(keyURL, with: Array(key.pemRepresentation.utf8))
            try DurableFile.replace(certificateURL, with: Array(try certificate.serializeAsPEM().pemString.utf8))
        } catch {
            throw ConfigurationError("--tls-self-signed", "cannot make a certificate in \(directory.path): \(error)")
        }
        return (files, true)
    }

    /// `localhost`, 127.0.0.1 and every host given, as DNS names or IP addresses, without repeats.
    static func subjectAlternativeNames(for hosts: [String]) -> [GeneralName] {
        var names: [GeneralName] = []
        for host in ["localhost", "127.0.0.1"] + hosts {
            let name = ipAddressBytes(host).map { GeneralName.ipAddress(ASN1OctetString(contentBytes: $0[...])) }
                ?? .dnsName(host)
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    private static func ipAddressBytes(_ host: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
