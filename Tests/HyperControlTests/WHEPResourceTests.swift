import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HyperSFU
import Testing

@testable import HyperControl

/// PATCH and DELETE on `/whep/{session}/{viewer}`: only the principal that created the resource may use them when
/// viewing is gated, and an ICE restart's If-Match is checked in the same step as the restart.
@Suite(.serialized) struct WHEPResourceTests {
    static let gated = AccessPolicy(
        operatorToken: TestServer.operatorToken, jwtSecret: TestServer.jwtSecret, viewerAccess: .required)

    @Test func patchAndDeleteNeedThePrincipalThatCreatedTheResource() async throws {
        try await TestServer.run(access: Self.gated) { client, _ in
            let alice = HTTPFields.bearer(testToken(role: "viewer", subject: "alice"))
            let bob = HTTPFields.bearer(testToken(role: "viewer", subject: "bob"))
            let (location, etag) = try await postOffer(client, headers: alice)
            for (headers, expected) in [(HTTPFields(), HTTPResponse.Status.unauthorized), (bob, .forbidden)] {
                try await client.execute(
                    uri: location, method: .patch, headers: restartHeaders(headers, ifMatch: etag),
                    body: ByteBuffer(string: TestOffer.restartFragment())
                ) { response in
                    #expect(response.status == expected)
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
                try await client.execute(uri: location, method: .delete, headers: headers) { response in
                    #expect(response.status == expected)
                }
            }
            try await client.execute(
                uri: location, method: .patch, headers: restartHeaders(alice, ifMatch: etag),
                body: ByteBuffer(string: TestOffer.restartFragment())
            ) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: location, method: .delete, headers: alice) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func anOperatorMayEndAViewerButNotRestartItsICE() async throws {
        try await TestServer.run(access: Self.gated) { client, _ in
            let (location, etag) = try await postOffer(
                client, headers: .bearer(testToken(role: "viewer", subject: "alice")))
            try await client.execute(
                uri: location, method: .patch, headers: restartHeaders(.operatorAuthorization, ifMatch: etag),
                body: ByteBuffer(string: TestOffer.restartFragment())
            ) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: location, method: .delete, headers: .operatorAuthorization) { response in
                #expect(response.status == .ok)
            }
        }
    }

    /// On the real `MediaServer`: the compare-and-swap under test is its own (one step on the media loop).
    @Test func twoConcurrentRestartsWithOneETagRestartOnce() async throws {
        try await TestServer.run(media: .real) { client, server in
            for _ in 0..<5 {
                let (location, etag) = try await postOffer(client, headers: [:])
                let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for _ in 0..<2 {
                        group.addTask {
                            try await client.execute(
                                uri: location, method: .patch, headers: restartHeaders([:], ifMatch: etag),
                                body: ByteBuffer(string: TestOffer.restartFragment())
                            ) { $0.status }
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.map(\.code).sorted() == [200, 412])
                let viewerID = String(location.split(separator: "/").last!)
                let current = await server.media.viewer(sessionID: "default", viewerID: viewerID)
                #expect(current?.etag != etag)
            }
        }
    }

    @Test func aRestartWithTheReplacedETagIs412() async throws {
        try await TestServer.run { client, _ in
            let (location, etag) = try await postOffer(client, headers: [:])
            var newETag: String?
            try await client.execute(
                uri: location, method: .patch, headers: restartHeaders([:], ifMatch: etag),
                body: ByteBuffer(string: TestOffer.restartFragment())
            ) { response in
                #expect(response.status == .ok)
                newETag = response.headers[.eTag]
            }
            #expect(newETag != nil && newETag != etag)
            try await client.execute(
                uri: location, method: .patch, headers: restartHeaders([:], ifMatch: etag),
                body: ByteBuffer(string: TestOffer.restartFragment())
            ) { response in
                #expect(response.status == .preconditionFailed)
                #expect(String(buffer: response.body).contains((newETag ?? "?").filter { $0 != "\"" }))
            }
        }
    }
}

/// POSTs a fresh offer to the default session; the resource's path and ETag.
func postOffer(
    _ client: any TestClientProtocol, headers: HTTPFields, sdp: String = TestOffer.sdp()
) async throws -> (location: String, etag: String) {
    var fields = headers
    fields[.contentType] = "application/sdp"
    return try await client.execute(
        uri: "/whep/default", method: .post, headers: fields, body: ByteBuffer(string: sdp)
    ) { response in
        #expect(response.status == .created, "\(String(buffer: response.body))")
        return (response.headers[.location] ?? "", response.headers[.eTag] ?? "")
    }
}

func restartHeaders(_ headers: HTTPFields, ifMatch: String) -> HTTPFields {
    var fields = headers
    fields[.contentType] = "application/trickle-ice-sdpfrag"
    fields[.ifMatch] = ifMatch
    return fields
}
