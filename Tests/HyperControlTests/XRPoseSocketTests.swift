import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HyperSFU
import Testing

@testable import HyperControl

/// `GET /whep/{session}/{viewer}/pose` (docs/xr.md, "WebSocket fallback"): refused before the upgrade, with the
/// problem a PATCH of the resource would get, unless the caller owns an XR viewer; upgraded when it does.
@Suite(.serialized, .timeLimit(.minutes(2))) struct XRPoseSocketTests {
    static let gated = AccessPolicy(
        operatorToken: TestServer.operatorToken, jwtSecret: TestServer.jwtSecret, viewerAccess: .required)

    static func upgradeHeaders(_ headers: HTTPFields = [:]) -> HTTPFields {
        var fields = headers
        fields[.upgrade] = "websocket"
        fields[.connection] = "Upgrade"
        fields[.secWebSocketKey] = "dGhlIHNhbXBsZSBub25jZQ=="
        fields[.secWebSocketVersion] = "13"
        return fields
    }

    static func postXROffer(_ client: any TestClientProtocol, headers: HTTPFields) async throws -> String {
        var fields = headers
        fields[.contentType] = "application/sdp"
        return try await client.execute(
            uri: "/whep/default?mode=xr&eye=64x64", method: .post, headers: fields,
            body: ByteBuffer(string: TestOffer.sdp())
        ) { response in
            #expect(response.status == .created, "\(String(buffer: response.body))")
            return response.headers[.location] ?? ""
        }
    }

    @Test func refusedWithoutCredentialsForAnotherPrincipalOrAnUnknownViewer() async throws {
        try await TestServer.run(access: Self.gated, testing: .live) { client, _ in
            let alice = HTTPFields.bearer(testToken(role: "viewer", subject: "alice"))
            let bob = HTTPFields.bearer(testToken(role: "viewer", subject: "bob"))
            let location = try await Self.postXROffer(client, headers: alice)
            let cases: [(String, HTTPFields, HTTPResponse.Status)] = [
                (location + "/pose", [:], .unauthorized),
                (location + "/pose", bob, .forbidden),
                (location + "/pose", [.secWebSocketProtocol: "hypercube-pose, bearer.nonsense"], .unauthorized),
                ("/whep/default/no-such-viewer/pose", alice, .notFound),
                ("/whep/no-such-session/no-such-viewer/pose", alice, .notFound),
            ]
            for (uri, headers, expected) in cases {
                try await client.execute(uri: uri, method: .get, headers: Self.upgradeHeaders(headers)) { response in
                    #expect(response.status == expected, "\(uri)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
        }
    }

    @Test func refusedForASpectatorAndWithoutAnUpgrade() async throws {
        try await TestServer.run(testing: .live) { client, _ in
            let (spectator, _) = try await postOffer(client, headers: [:])
            try await client.execute(uri: spectator + "/pose", method: .get, headers: Self.upgradeHeaders()) {
                #expect($0.status == .conflict)
            }
            let xr = try await Self.postXROffer(client, headers: [:])
            try await client.execute(uri: xr + "/pose", method: .get) { response in
                #expect(response.status.code == 426)
            }
        }
    }

    @Test func upgradedForTheOwnerOfAnXRViewerWithTheTokenAsAProtocol() async throws {
        try await TestServer.run(access: Self.gated, testing: .live) { client, _ in
            let token = testToken(role: "viewer", subject: "alice")
            let location = try await Self.postXROffer(client, headers: .bearer(token))
            // The test client drops hop-by-hop headers (Upgrade, Connection), so the handshake goes over a raw socket.
            let port = try #require(client.port)
            let head = try await RawHTTPExchange.head(
                port: port,
                request: "GET \(location)/pose HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: hypercube-pose, bearer.\(token)\r\n\r\n")
            #expect(head.hasPrefix("HTTP/1.1 101"), "\(head)")
            #expect(head.lowercased().contains("sec-websocket-protocol: hypercube-pose\r\n"), "\(head)")
            #expect(head.lowercased().contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo=\r\n"), "\(head)")
        }
    }
}
