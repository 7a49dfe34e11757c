import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HyperSFU
import NIOCore
import Testing

@testable import HyperControl

/// WHEP offers are rate-limited per client address and principal, and a client's viewers that have not connected
/// yet are capped, so a burst of junk offers from one client cannot fill a session.
@Suite(.serialized) struct ViewerAdmissionTests {
    @Test func aClientsBurstThenItsRateAreAdmitted() {
        let admission = ViewerAdmission(policy: ViewerAdmissionPolicy(offersPerSecond: 5, offerBurst: 20))
        for _ in 0..<20 {
            #expect(throws: Never.self) { try admission.takeOffer(client: "192.0.2.1", now: 0) }
        }
        #expect(throws: ProblemDetails.self) { try admission.takeOffer(client: "192.0.2.1", now: 0) }
        #expect(throws: Never.self) { try admission.takeOffer(client: "192.0.2.2", now: 0) }
        #expect(throws: Never.self) { try admission.takeOffer(client: "192.0.2.1", now: 0.2) }
        do {
            try admission.takeOffer(client: "192.0.2.1", now: 0.2)
            Issue.record("a 22nd offer in 0.2 s was admitted")
        } catch {
            #expect(error.status == .tooManyRequests)
            #expect(error.headers[.retryAfter] == "1")
            #expect(error.detail.contains("192.0.2.1"))
        }
    }

    @Test func aPrincipalIsLimitedAcrossAddresses() {
        let admission = ViewerAdmission(
            policy: ViewerAdmissionPolicy(
                offersPerSecond: 5, offerBurst: 20, principalOffersPerSecond: 1, principalOfferBurst: 3))
        let mallory = Principal(subject: "jwt:mallory", role: .viewer)
        for index in 0..<3 {
            #expect(throws: Never.self) { try admission.takeOffer(client: "192.0.2.\(index)", now: 0) }
            #expect(throws: Never.self) { try admission.takeOffer(principal: mallory, now: 0) }
        }
        #expect(throws: Never.self) { try admission.takeOffer(client: "192.0.2.9", now: 0) }
        #expect(throws: ProblemDetails.self) { try admission.takeOffer(principal: mallory, now: 0) }
        #expect(throws: Never.self) {
            try admission.takeOffer(principal: Principal(subject: "jwt:alice", role: .viewer), now: 0)
        }
    }

    @Test func theLimitsAreReadFromTheEnvironmentAndChecked() throws {
        let policy = try AccessPolicy(environment: [
            "HYPERCUBE_WHEP_OFFER_RATE": "2.5", "HYPERCUBE_WHEP_OFFER_BURST": "7",
            "HYPERCUBE_WHEP_PENDING_PER_CLIENT": "3",
        ])
        #expect(
            policy.admission
                == ViewerAdmissionPolicy(offersPerSecond: 2.5, offerBurst: 7, pendingViewersPerClient: 3))
        #expect(try AccessPolicy(environment: [:]).admission == ViewerAdmissionPolicy())
        for (name, value) in [
            ("HYPERCUBE_WHEP_OFFER_RATE", "nan"), ("HYPERCUBE_WHEP_OFFER_RATE", "0"),
            ("HYPERCUBE_WHEP_OFFER_BURST", "-1"), ("HYPERCUBE_WHEP_PENDING_PER_CLIENT", "0"),
        ] {
            #expect(throws: ConfigurationError.self) { try AccessPolicy(environment: [name: value]) }
        }
    }

    @Test func ipv6ClientsCountPerSlash64() throws {
        let first = try SocketAddress(ipAddress: "2001:db8:1:2:aaaa::1", port: 1)
        let second = try SocketAddress(ipAddress: "2001:db8:1:2:bbbb::7", port: 2)
        let other = try SocketAddress(ipAddress: "2001:db8:1:3::1", port: 1)
        #expect(ClientAddress.key(of: first) == "2001:db8:1:2::/64")
        #expect(ClientAddress.key(of: first) == ClientAddress.key(of: second))
        #expect(ClientAddress.key(of: first) != ClientAddress.key(of: other))
        #expect(ClientAddress.key(of: try SocketAddress(ipAddress: "127.0.0.1", port: 1)) == "127.0.0.1")
        #expect(ClientAddress.key(of: try SocketAddress(ipAddress: "::1", port: 1)) == "::1")
        #expect(ClientAddress.key(of: nil) == nil)
    }

    @Test func offersPastTheBurstGet429WithRetryAfter() async throws {
        var access = AccessPolicy(operatorToken: TestServer.operatorToken, jwtSecret: TestServer.jwtSecret)
        access.admission = ViewerAdmissionPolicy(offersPerSecond: 0.01, offerBurst: 3)
        try await TestServer.run(access: access, testing: .live) { client, _ in
            var statuses: [UInt16: Int] = [:]
            for _ in 0..<6 {
                try await client.execute(
                    uri: "/whep/default", method: .post, headers: [.contentType: "application/sdp"],
                    body: ByteBuffer(string: TestOffer.sdp())
                ) { response in
                    statuses[UInt16(response.status.code), default: 0] += 1
                    if response.status == .tooManyRequests {
                        #expect(response.headers[.retryAfter] != nil)
                        #expect(response.headers[.contentType] == "application/problem+json")
                    }
                }
            }
            #expect(statuses == [201: 3, 429: 3])
        }
    }

    @Test func aClientsPendingViewersAreCapped() async throws {
        var access = AccessPolicy(operatorToken: TestServer.operatorToken, jwtSecret: TestServer.jwtSecret)
        access.admission = ViewerAdmissionPolicy(pendingViewersPerClient: 2)
        try await TestServer.run(access: access, testing: .live) { client, server in
            var statuses: [UInt] = []
            for _ in 0..<4 {
                try await client.execute(
                    uri: "/whep/default", method: .post, headers: [.contentType: "application/sdp"],
                    body: ByteBuffer(string: TestOffer.sdp())
                ) { response in
                    statuses.append(UInt(response.status.code))
                    if response.status == .tooManyRequests {
                        #expect(String(buffer: response.body).contains("have not connected yet"))
                        #expect(response.headers[.retryAfter] != nil)
                    }
                }
            }
            #expect(statuses == [201, 201, 429, 429])
            #expect(await server.media.viewerCount(sessionID: "default") == 2)
        }
    }

    /// On the real `MediaServer`: the check and the registration under test are its own (one step on the media loop).
    @Test func concurrentOffersCannotOvershootThePendingCap() async throws {
        try await TestServer.run(media: .real) { _, server in
            let created = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        let admission = ViewerAdmissionRequest(client: "192.0.2.7", maximumPending: 3)
                        return
                            (try? await server.media.createViewer(
                                sessionID: "default", offer: TestOffer.sdp(), admission: admission, xr: nil)) != nil
                    }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(created == 3)
            #expect(await server.media.pendingViewerCount(client: "192.0.2.7") == 3)
            #expect(await server.media.pendingViewerCount(client: "192.0.2.8") == 0)
        }
    }
}
