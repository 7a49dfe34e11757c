import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HyperControl

/// `serve --tls-self-signed`: one certificate for the server's addresses, kept across starts, made again only when it
/// no longer serves, and good enough for HTTPS.
@Suite(.serialized) struct SelfSignedTLSTests {
    static let hosts = ["192.0.2.7", "2001:db8::7"]

    /// The certificate's subjectAltName line as openssl prints it.
    static func alternativeNames(_ certificate: String) throws -> String {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "x509", "-noout", "-ext", "subjectAltName", "-in", certificate]
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }

    @Test func madeOnceForTheServersAddressesAndKeptPrivate() async throws {
        try await withStateDirectory { directory in
            let (files, created) = try SelfSignedTLS.files(stateDirectory: directory, hosts: Self.hosts)
            #expect(created)
            let names = try Self.alternativeNames(files.certificateChain)
            for name in [
                "DNS:localhost", "IP Address:127.0.0.1", "IP Address:192.0.2.7", "IP Address:2001:DB8:0:0:0:0:0:7",
            ] {
                #expect(names.contains(name), "\(name) missing from \(names)")
            }
            let mode = try FileManager.default.attributesOfItem(atPath: files.privateKey)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            _ = try files.serverConfiguration()
            let before = try Data(contentsOf: URL(fileURLWithPath: files.certificateChain))
            let again = try SelfSignedTLS.files(stateDirectory: directory, hosts: Array(Self.hosts.reversed()))
            #expect(!again.created)
            #expect(try Data(contentsOf: URL(fileURLWithPath: files.certificateChain)) == before)
        }
    }

    @Test func madeAgainForANewAddressAnExpiryAMismatchedKeyOrAnUnreadableFile() async throws {
        try await withStateDirectory { directory in
            let (files, _) = try SelfSignedTLS.files(stateDirectory: directory, hosts: Self.hosts)
            #expect(try SelfSignedTLS.files(stateDirectory: directory, hosts: Self.hosts + ["192.0.2.8"]).created)
            #expect(try Self.alternativeNames(files.certificateChain).contains("192.0.2.8"))
            let soon = SelfSignedTLS.validityDays * 24 * 3600 - SelfSignedTLS.renewBeforeSeconds
            #expect(try SelfSignedTLS.files(stateDirectory: directory, hosts: Self.hosts, secondsAhead: soon).created)
            // A key from another run (a crash between the two writes) does not match the certificate.
            let other = directory.appendingPathComponent("other")
            _ = try SelfSignedTLS.files(stateDirectory: other, hosts: Self.hosts)
            try FileManager.default.removeItem(atPath: files.privateKey)
            try FileManager.default.copyItem(
                atPath: other.appendingPathComponent("tls/key.pem").path, toPath: files.privateKey)
            #expect(try SelfSignedTLS.files(stateDirectory: directory, hosts: Self.hosts).created)
            try Data("not a certificate".utf8).write(to: URL(fileURLWithPath: files.certificateChain))
            #expect(try SelfSignedTLS.files(stateDirectory: directory, hosts: Self.hosts).created)
            _ = try files.serverConfiguration()
        }
    }

    @Test func servesTheXRPageOverHTTPS() async throws {
        try await withStateDirectory { directory in
            let (files, _) = try SelfSignedTLS.files(stateDirectory: directory, hosts: Self.hosts)
            try await TestServer.run(tls: files, testing: .ahc(.https)) { client, _ in
                try await client.execute(uri: "/xr", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                }
            }
        }
    }
}
