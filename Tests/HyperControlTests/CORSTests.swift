import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HyperControl

/// CORS by allow-list: WHEP open to players on any origin, `/v1` and the rest readable only by listed origins
/// (they used to reflect any `Origin`, so any page could read `/v1/audit` through a visitor's browser).
@Suite(.serialized) struct CORSTests {
    static let foreign = "http://evil.example"
    static let listed = "https://console.example:8443"

    @Test func v1SendsNoCORSHeadersToAnUnlistedOrigin() async throws {
        try await TestServer.run(cors: CORSPolicy(allowedOrigins: [Self.listed])) { client, _ in
            for uri in ["/v1/audit", "/v1/flags", "/v1/sessions", "/health/live", "/metrics"] {
                try await client.execute(
                    uri: uri, method: .get, headers: [.origin: Self.foreign, .authorization: "Bearer x"]
                ) { response in
                    #expect(response.headers[.accessControlAllowOrigin] == nil, "\(uri)")
                    #expect(response.headers[.accessControlExposeHeaders] == nil, "\(uri)")
                    #expect(response.headers[.vary] == "Origin", "\(uri)")
                }
            }
            try await client.execute(
                uri: "/v1/flags/stereo", method: .options,
                headers: [.origin: Self.foreign, .accessControlRequestMethod: "PUT"]
            ) { response in
                #expect(response.headers[.accessControlAllowOrigin] == nil)
                #expect(response.headers[.accessControlAllowMethods] == nil)
                #expect(response.headers[.accessControlAllowHeaders] == nil)
            }
        }
    }

    @Test func v1AllowsAListedOrigin() async throws {
        try await TestServer.run(cors: CORSPolicy(allowedOrigins: [Self.listed + "/"])) { client, _ in
            try await client.execute(uri: "/v1/flags", method: .get, headers: [.origin: Self.listed]) { response in
                #expect(response.headers[.accessControlAllowOrigin] == Self.listed)
                #expect(response.headers[.accessControlExposeHeaders]?.contains("ETag") == true)
            }
            try await client.execute(
                uri: "/v1/flags/stereo", method: .options,
                headers: [.origin: Self.listed, .accessControlRequestMethod: "PUT"]
            ) { response in
                #expect(response.headers[.accessControlAllowOrigin] == Self.listed)
                #expect(response.headers[.accessControlAllowMethods]?.contains("PUT") == true)
            }
        }
    }

    @Test func v1HasNoCORSByDefault() async throws {
        try await TestServer.run { client, _ in
            try await client.execute(uri: "/v1/audit", method: .get, headers: [.origin: Self.foreign]) { response in
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
        }
    }

    @Test func whepStaysOpenToAnyOriginByDefault() async throws {
        try await TestServer.run(cors: CORSPolicy(allowedOrigins: [Self.listed])) { client, _ in
            try await client.execute(
                uri: "/whep/default", method: .options,
                headers: [.origin: Self.foreign, .accessControlRequestMethod: "POST"]
            ) { response in
                #expect(response.headers[.accessControlAllowOrigin] == Self.foreign)
                #expect(response.headers[.accessControlAllowHeaders]?.contains("If-Match") == true)
            }
            try await client.execute(uri: "/whep/default/unknown", method: .delete, headers: [.origin: Self.foreign]) {
                response in
                #expect(response.headers[.accessControlAllowOrigin] == Self.foreign)
                #expect(response.headers[.accessControlExposeHeaders]?.contains("Location") == true)
            }
        }
    }

    @Test func whepCanBeClosedToUnlistedOrigins() async throws {
        let policy = CORSPolicy(allowedOrigins: [Self.listed], whepOpenToAnyOrigin: false)
        try await TestServer.run(cors: policy) { client, _ in
            try await client.execute(
                uri: "/whep/default", method: .options,
                headers: [.origin: Self.foreign, .accessControlRequestMethod: "POST"]
            ) { response in
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
            try await client.execute(
                uri: "/whep/default", method: .options,
                headers: [.origin: Self.listed, .accessControlRequestMethod: "POST"]
            ) { response in
                #expect(response.headers[.accessControlAllowOrigin] == Self.listed)
            }
        }
    }

    @Test func originsAreCheckedAtStart() throws {
        #expect(
            try CORSPolicy.parse(origins: ["*", "https://a.example", "http://b.example:8080/"]).allowedOrigins
                == ["*", "https://a.example", "http://b.example:8080"])
        for bad in ["a.example", "ftp://a.example", "https://a.example/path", "https://", "https://a.example?x=1"] {
            #expect(throws: ConfigurationError.self, "\(bad)") { try CORSPolicy.parse(origins: [bad]) }
        }
    }
}
