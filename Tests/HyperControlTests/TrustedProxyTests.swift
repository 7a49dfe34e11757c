import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

@testable import HyperControl

/// Limits keyed on the real client behind a trusted proxy, a limiter that forgets the least recently used clients
/// instead of everyone, and failed authentication limited per client.
@Suite struct TrustedProxyTests {
    static func address(_ ip: String) -> SocketAddress {
        try! SocketAddress(ipAddress: ip, port: 40_000)
    }

    @Test func parsesAddressesAndNetworksAndNamesWhatItCannot() throws {
        let proxies = try TrustedProxies(parsing: ["10.0.0.0/8", "192.0.2.10", "2001:db8::/32"])
        #expect(proxies.contains(Self.address("10.20.30.40")))
        #expect(proxies.contains(Self.address("192.0.2.10")))
        #expect(!proxies.contains(Self.address("192.0.2.11")))
        #expect(proxies.contains(Self.address("2001:db8:1::5")))
        #expect(!proxies.contains(Self.address("2001:db9::5")))
        #expect(throws: ConfigurationError("--trusted-proxy", "'ingress' is not an IP address or CIDR network")) {
            try TrustedProxies(parsing: ["ingress"])
        }
        #expect(throws: ConfigurationError("--trusted-proxy", "'10.0.0.0/33': the prefix length must be 0…32")) {
            try TrustedProxies(parsing: ["10.0.0.0/33"])
        }
    }

    @Test func theClientIsTheRightMostAddressNotOurs() throws {
        let proxies = try TrustedProxies(parsing: ["10.0.0.0/8"])
        let ingress = Self.address("10.1.1.1")
        func client(_ peer: SocketAddress, _ header: String?) -> String? {
            proxies.client(peer: peer, forwardedFor: header)?.ipAddress
        }
        // What the client wrote itself (left) proves nothing; the last hop our proxies added names it.
        #expect(client(ingress, "6.6.6.6, 203.0.113.7, 10.2.2.2") == "203.0.113.7")
        #expect(client(ingress, "203.0.113.7") == "203.0.113.7")
        // Not through a trusted proxy: the header is the client's own word and is ignored.
        #expect(client(Self.address("198.51.100.1"), "203.0.113.7") == "198.51.100.1")
        #expect(client(ingress, nil) == "10.1.1.1")
        #expect(client(ingress, "not-an-address") == "10.1.1.1")
        #expect(client(ingress, "10.3.3.3") == "10.1.1.1")
    }

    @Test func aFloodOfNewClientsForgetsTheOldestNotTheBusiest() {
        var limiter = TokenBucketLimiter(rate: 1, burst: 5)
        for index in 0..<(TokenBucketLimiter.maximumKeys - 1) {
            #expect(limiter.take("idle-\(index)", now: Double(index) * 1e-6) == nil)
        }
        // Half a second on, none of them has refilled: all are still remembered, the table is full.
        for _ in 0..<5 { _ = limiter.take("hot", now: 0.5) }
        #expect(limiter.take("hot", now: 0.5) != nil)
        #expect(limiter.take("newcomer", now: 0.5) == nil)
        #expect(limiter.keyCount == TokenBucketLimiter.maximumKeys - TokenBucketLimiter.maximumKeys / 10 + 1)
        #expect(limiter.take("hot", now: 0.5) != nil, "the busy client's bucket survived the eviction")
    }

    @Test func failedAuthenticationIsLimitedPerClient() async throws {
        var access = AccessPolicy(operatorToken: TestServer.operatorToken, jwtSecret: TestServer.jwtSecret)
        access.failedAuthenticationBurst = 3
        access.failedAuthenticationsPerSecond = 0.01
        try await TestServer.run(access: access, testing: .live) { client, _ in
            let wrong: HTTPFields = [
                .authorization: "Bearer not-the-token-0123456789", .contentType: "application/json",
            ]
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<5 {
                try await client.execute(
                    uri: "/v1/flags/fps_cap", method: .put, headers: wrong, body: ByteBuffer(string: "{\"value\": 60}")
                ) { response in
                    statuses.append(response.status)
                    if response.status == .tooManyRequests {
                        #expect(response.headers[.retryAfter] != nil)
                    }
                }
            }
            #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests, .tooManyRequests])
            // The right token still works from the same address.
            let right: HTTPFields = [.authorization: "Bearer \(TestServer.operatorToken)"]
            try await client.execute(uri: "/v1/flags/fps_cap", method: .get, headers: right) { response in
                #expect(response.status == .ok)
            }
        }
    }
}

/// Behind a trusted proxy each forwarded client has its own WHEP offer bucket; without the option the proxy's
/// clients share one.
@Suite struct ForwardedClientLimitTests {
    static func offers(trusting proxies: [String]) async throws -> [HTTPResponse.Status] {
        var access = AccessPolicy(operatorToken: TestServer.operatorToken, jwtSecret: TestServer.jwtSecret)
        access.admission.offersPerSecond = 0.01
        access.admission.offerBurst = 2
        access.trustedProxies = try TrustedProxies(parsing: proxies)
        let statuses = Mutex<[HTTPResponse.Status]>([])
        try await TestServer.run(access: access, testing: .live) { client, _ in
            for forwarded in ["203.0.113.1", "203.0.113.1", "203.0.113.1", "203.0.113.2"] {
                let headers: HTTPFields = [
                    .contentType: "application/sdp", HTTPField.Name("X-Forwarded-For")!: forwarded,
                ]
                try await client.execute(
                    uri: "/whep/default", method: .post, headers: headers, body: ByteBuffer(string: "v=0\r\n")
                ) { response in statuses.withLock { $0.append(response.status) } }
            }
        }
        return statuses.withLock { $0 }
    }

    @Test func eachForwardedClientHasItsOwnBucket() async throws {
        #expect(
            try await Self.offers(trusting: ["127.0.0.1"]) == [.badRequest, .badRequest, .tooManyRequests, .badRequest])
    }

    @Test func withoutTheOptionTheHeaderIsIgnored() async throws {
        #expect(try await Self.offers(trusting: []) == [.badRequest, .badRequest, .tooManyRequests, .tooManyRequests])
    }
}
