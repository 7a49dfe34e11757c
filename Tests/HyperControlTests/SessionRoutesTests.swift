import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HyperJSON
import HyperSFU
import Testing

@testable import HyperControl

/// `/v1/sessions`: create within the GPU budget, list newest first, delete, and the permanent default session.
@Suite(.serialized) struct SessionRoutesTests {
    @Test func createListAndDelete() async throws {
        try await TestServer.run { client, server in
            let body = #"{"scene":"5-cell","size":"64x36","fps":5,"bitrate":300000}"#
            let id = try await client.execute(
                uri: "/v1/sessions", method: .post, headers: .operatorAuthorization, body: ByteBuffer(string: body)
            ) { response -> String in
                #expect(response.status == .created)
                let session = json(response.body)
                let id = session["id"]?.stringValue ?? ""
                #expect(response.headers[.location] == "/v1/sessions/\(id)")
                #expect(session["whep"] == .string("/whep/\(id)"))
                #expect(session["scene"] == "5-cell" && session["width"] == 64 && session["bitrate"] == 300_000)
                return id
            }
            #expect(server.media.renderedSession(id) != nil)

            try await client.execute(uri: "/v1/sessions?limit=1", method: .get) { response in
                let listing = json(response.body)
                #expect(listing["total"] == 2)
                guard case .array(let sessions)? = listing["sessions"] else {
                    Issue.record("no sessions")
                    return
                }
                #expect(sessions.map { $0["id"] } == [.string(id)])
                #expect(sessions[0]["viewers"] == 0)
            }
            try await client.execute(uri: "/v1/sessions?offset=1", method: .get) { response in
                guard case .array(let sessions)? = json(response.body)["sessions"] else { return }
                #expect(sessions.map { $0["id"] } == ["default"])
            }
            try await client.execute(uri: "/v1/sessions/\(id)", method: .delete) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/sessions/\(id)", method: .delete, headers: .operatorAuthorization) {
                response in
                #expect(response.status == .ok)
                #expect(json(response.body)["deleted"] == true)
            }
            #expect(server.media.renderedSession(id) == nil)
            try await client.execute(uri: "/v1/sessions/\(id)", method: .delete, headers: .operatorAuthorization) {
                response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/v1/sessions/default", method: .delete, headers: .operatorAuthorization) {
                response in
                #expect(response.status == .conflict)
            }
            try await client.execute(uri: "/v1/audit", method: .get) { response in
                guard case .array(let entries)? = json(response.body)["entries"] else { return }
                #expect(entries.map { $0["action"] } == ["session.delete", "session.create"])
                #expect(entries[1]["new"]?["scene"] == "5-cell")
            }
        }
    }

    @Test func viewerListingIsForOperatorsOnly() async throws {
        try await TestServer.run { client, _ in
            try await client.execute(uri: "/v1/sessions/default/viewers", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(
                uri: "/v1/sessions/default/viewers", method: .get, headers: .operatorAuthorization
            ) { response in
                #expect(response.status == .ok)
                #expect(json(response.body)["total"] == 0)
                #expect(json(response.body)["viewers"] == .array([]))
            }
            try await client.execute(
                uri: "/v1/sessions/nope/viewers", method: .get, headers: .operatorAuthorization
            ) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func unknownScenesAndBadBodiesAreRefused() async throws {
        try await TestServer.run { client, _ in
            try await client.execute(
                uri: "/v1/sessions", method: .post, headers: .operatorAuthorization,
                body: ByteBuffer(string: #"{"scene":"klein-bottle"}"#)
            ) { response in
                #expect(response.status.code == 422)
                #expect(json(response.body)["detail"]?.stringValue?.contains("known scenes: 120-cell") == true)
            }
            try await client.execute(
                uri: "/v1/sessions", method: .post, headers: .operatorAuthorization, body: ByteBuffer(string: "scene=x")
            ) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func creatingBeyondTheGPUBudgetIs503WithTheReason() async throws {
        try await TestServer.run(pixelRateLimit: 64 * 36 * 10 + 100 * 100 * 10) { client, server in
            try await client.execute(
                uri: "/v1/sessions", method: .post, headers: .operatorAuthorization,
                body: ByteBuffer(string: #"{"scene":"tesseract","size":"128x128","fps":10}"#)
            ) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] != nil)
                #expect(json(response.body)["detail"]?.stringValue?.contains("GPU budget") == true)
            }
            #expect(server.media.sessionIDs == ["default"])
        }
    }
}
