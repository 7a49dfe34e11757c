import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HyperJSON
import HyperSFU
import Testing

@testable import HyperControl

/// Health, metrics, WHEP and the security headers through Hummingbird's router test client, with a real media
/// server behind it.
@Suite(.serialized) struct ControlPlaneTests {
    @Test func liveness() async throws {
        try await TestServer.run { client, _ in
            try await client.execute(uri: "/health/live", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("live"))
            }
        }
    }

    @Test func readinessTurns503AsSoonAsDrainingBegins() async throws {
        try await TestServer.run { client, server in
            server.state.drain.begin()
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(json(response.body) == ["status": "draining", "reason": "shutting down"])
            }
            try await client.execute(
                uri: "/v1/flags/stereo", method: .put, headers: .operatorAuthorization,
                body: ByteBuffer(string: #"{"value":true}"#)
            ) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] != nil)
            }
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        try await TestServer.run { client, _ in
            for (uri, method) in [
                ("/health/live", HTTPRequest.Method.get), ("/nowhere", .get), ("/v1/flags/x", .get), ("/", .get),
                ("/whep/default", .options), ("/v1/flags/stereo", .put),
            ] {
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                    #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(uri)")
                    #expect(response.headers[.contentSecurityPolicy] != nil, "\(uri)")
                    #expect(response.headers[.strictTransportSecurity] == nil, "\(uri)")
                }
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            }
            try await client.execute(uri: "/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }

    @Test func metricsShowFlagValuesAndFollowChanges() async throws {
        try await TestServer.run { client, server in
            #expect(try await server.flagsFollowed())
            try await client.execute(
                uri: "/v1/flags/projection", method: .put, headers: .operatorAuthorization,
                body: ByteBuffer(string: #"{"value":"orthographic"}"#)
            ) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"hypercube_flag{name="advanced_rendering"} 1"#))
                #expect(text.contains(#"hypercube_flag{name="bitrate"} 2000000"#))
                #expect(text.contains(#"hypercube_flag_info{name="projection",value="orthographic"} 1"#))
                #expect(!text.contains(#"value="scene""#))
            }
        }
    }

    @Test func offerWithWrongContentTypeIs415ProblemJSON() async throws {
        try await TestServer.run { client, _ in
            try await client.execute(
                uri: "/whep/default",
                method: .post,
                headers: [.contentType: "text/plain"],
                body: ByteBuffer(string: "v=0")
            ) { response in
                #expect(response.status == .unsupportedMediaType)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(String(buffer: response.body).contains("application/sdp"))
            }
        }
    }

    @Test func malformedOfferIs400AndUnknownSessionIs404() async throws {
        try await TestServer.run { client, _ in
            try await client.execute(
                uri: "/whep/default",
                method: .post,
                headers: [.contentType: "application/sdp"],
                body: ByteBuffer(string: "this is not sdp")
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("SDP"))
            }
            try await client.execute(
                uri: "/whep/nope",
                method: .post,
                headers: [.contentType: "application/sdp"],
                body: ByteBuffer(string: "v=0\r\n")
            ) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func anOfferWith1200MLinesAndAnOversizedBundleIs400() async throws {
        try await TestServer.run { client, server in
            var lines = ["v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-", "t=0 0"]
            lines.append("a=group:BUNDLE" + String(repeating: " 0", count: 8_000))
            lines += Array(repeating: "m=audio 9 UDP/TLS/RTP/SAVPF 0", count: 1_200)
            let offer = lines.map { $0 + "\r\n" }.joined()
            #expect(offer.utf8.count < WHEPRoutes.maximumOfferBytes)
            try await client.execute(
                uri: "/whep/default", method: .post, headers: [.contentType: "application/sdp"],
                body: ByteBuffer(string: offer)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("SDP offer too large: SDP line 5: a=group:BUNDLE"))
            }
            #expect(await server.media.viewerCount(sessionID: "default") == 0)
        }
    }

    @Test func preflightAllowsCrossOriginWHEP() async throws {
        try await TestServer.run { client, _ in
            try await client.execute(
                uri: "/whep/default",
                method: .options,
                headers: [.origin: "http://player.example", .accessControlRequestMethod: "POST"]
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.accessControlAllowOrigin] == "http://player.example")
                #expect(response.headers[HTTPField.Name("Accept-Post")!] == "application/sdp")
                #expect(response.headers[.accessControlExposeHeaders]?.contains("Location") == true)
                #expect(response.headers[.accessControlAllowMethods]?.contains("PATCH") == true)
            }
        }
    }

    @Test func deleteOfUnknownViewerIs404() async throws {
        try await TestServer.run { client, _ in
            try await client.execute(uri: "/whep/default/unknown", method: .delete) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func gatedViewingNeedsAViewerToken() async throws {
        let policy = AccessPolicy(
            operatorToken: TestServer.operatorToken, jwtSecret: TestServer.jwtSecret, viewerAccess: .required)
        try await TestServer.run(access: policy) { client, _ in
            let offer = ByteBuffer(string: "this is not sdp")
            try await client.execute(
                uri: "/whep/default", method: .post, headers: [.contentType: "application/sdp"], body: offer
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
            var headers = HTTPFields.bearer(testToken(role: "viewer"))
            headers[.contentType] = "application/sdp"
            try await client.execute(uri: "/whep/default", method: .post, headers: headers, body: offer) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/v1/sessions", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/sessions", method: .get, headers: .operatorAuthorization) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status != .unauthorized)
            }
        }
    }
}
