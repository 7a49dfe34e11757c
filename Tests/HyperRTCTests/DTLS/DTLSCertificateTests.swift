import Testing

@testable import HyperRTC

@Suite struct DTLSCertificateTests {
    @Test func fingerprintIsUppercaseColonSeparatedSHA256() throws {
        let certificate = try DTLSCertificate.generate()
        let bytes = certificate.fingerprint.split(separator: ":")
        #expect(bytes.count == 32)
        #expect(bytes.allSatisfy { $0.count == 2 && $0.allSatisfy { "0123456789ABCDEF".contains($0) } })
        #expect(try CertificateFingerprint(sdpValue: certificate.fingerprint).description == certificate.fingerprint)
    }

    @Test func everyCertificateIsFresh() throws {
        let first = try DTLSCertificate.generate(commonName: "viewer")
        let second = try DTLSCertificate.generate(commonName: "viewer")
        #expect(first.fingerprint != second.fingerprint)
    }
}
