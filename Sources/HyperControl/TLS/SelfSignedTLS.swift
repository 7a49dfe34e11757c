public import Foundation
import HyperRTC

/// `serve --tls-self-signed`: a certificate naming this server's own addresses, made once and kept in the state
/// directory (`tls/cert.pem`, and `tls/key.pem` with mode 0600), so that a headset which accepted it once keeps
/// reaching `https://<lan-ip>:port/xr` across restarts — WebXR needs a secure context off localhost. It is made
/// again when either file is unreadable, the two do not match, it expires within 30 days, or it lacks an address it
/// must name.
public enum SelfSignedTLS {
    static let validityDays = 365
    static let renewBeforeSeconds = 30 * 24 * 3600

    /// The certificate and key files for `hosts` (IP addresses or DNS names; `localhost` and 127.0.0.1 are always
    /// named), and whether they were made now. `secondsAhead` moves the expiry check forward (tests).
    public static func files(
        stateDirectory: URL, hosts: [String], secondsAhead: Int = 0
    ) throws(ConfigurationError) -> (files: ControlPlaneConfiguration.TLSFiles, created: Bool) {
        let directory = stateDirectory.appendingPathComponent("tls", isDirectory: true)
        let certificateURL = directory.appendingPathComponent("cert.pem")
        let keyURL = directory.appendingPathComponent("key.pem")
        let files = ControlPlaneConfiguration.TLSFiles(certificateChain: certificateURL.path, privateKey: keyURL.path)
        var names: [String] = []
        for host in ["localhost", "127.0.0.1"] + hosts where !names.contains(host) { names.append(host) }
        if let certificate = try? String(contentsOf: certificateURL, encoding: .utf8),
            let key = try? String(contentsOf: keyURL, encoding: .utf8),
            SelfSignedServerCertificate.serves(
                certificate: certificate, privateKey: key, hosts: names,
                forSeconds: renewBeforeSeconds + secondsAhead)
        {
            return (files, false)
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let made = try SelfSignedServerCertificate.make(
                commonName: "Hypercube self-signed", hosts: names, days: validityDays)
            // A crash between the two writes leaves a key the certificate does not match: made again at the next start.
            try DurableFile.replace(keyURL, with: Array(made.privateKey.utf8))
            try DurableFile.replace(certificateURL, with: Array(made.certificate.utf8))
        } catch {
            throw ConfigurationError("--tls-self-signed", "cannot make a certificate in \(directory.path): \(error)")
        }
        return (files, true)
    }
}
