import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HyperJSON
import HyperSFU
import HyperScene
import Testing

@testable import HyperControl

/// `/v1/flags` and `/v1/audit` over HTTP: typed validation, auth, rate limiting and the live sessions following.
@Suite(.serialized) struct FlagRoutesTests {
    static func put(
        _ client: some TestClientProtocol,
        _ name: String,
        _ body: String,
        headers: HTTPFields = .operatorAuthorization
    ) async throws -> (HTTPResponse.Status, JSONValue, HTTPFields) {
        try await client.execute(
            uri: "/v1/flags/\(name)", method: .put, headers: headers, body: ByteBuffer(string: body)
        ) {
            ($0.status, json($0.body), $0.headers)
        }
    }

    @Test func listAndReadShowEveryField() async throws {
        try await TestServer.run { client, _ in
            try await client.execute(uri: "/v1/flags", method: .get) { response in
                #expect(response.status == .ok)
                guard case .array(let flags)? = json(response.body)["flags"] else {
                    Issue.record("no flags array")
                    return
                }
                #expect(flags.count == FlagName.allCases.count)
                for flag in flags {
                    for key in ["name", "description", "type", "default", "value", "updated_at", "updated_by"] {
                        #expect(flag[key] != nil, "\(key) missing in \(flag.canonicalText)")
                    }
                }
            }
            try await client.execute(uri: "/v1/flags/fps_cap", method: .get) { response in
                #expect(json(response.body)["value"] == .integer(120))
                #expect(json(response.body)["maximum"] == .integer(240))
            }
            try await client.execute(uri: "/v1/flags/warp_drive", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func writesAreValidatedWithTheRightStatus() async throws {
        try await TestServer.run { client, _ in
            #expect(try await Self.put(client, "stereo", "not json").0 == .badRequest)
            #expect(try await Self.put(client, "stereo", "[true]").0 == .badRequest)
            #expect(try await Self.put(client, "stereo", #"{"val":true}"#).0 == .badRequest)
            #expect(try await Self.put(client, "stereo", #"{"value":true,"extra":1}"#).0 == .badRequest)
            let (status, problem, _) = try await Self.put(client, "stereo", #"{"value":"yes"}"#)
            #expect(status.code == 422)
            #expect(problem["detail"] == "stereo: expected a boolean, got a string")
            #expect(try await Self.put(client, "fps_cap", #"{"value":500}"#).0.code == 422)
            #expect(try await Self.put(client, "warp_drive", #"{"value":1}"#).0 == .notFound)
            // Bodies go through the strict parser scene files use: a repeated key is not JSON here (the lenient
            // decoder used before kept the last one), and 60.0 is a number, not the integer the flag takes.
            let (duplicate, duplicateProblem, _) = try await Self.put(
                client, "fps_cap", #"{"value":60,"value":61}"#)
            #expect(duplicate == .badRequest)
            #expect(
                duplicateProblem["detail"]?.stringValue
                    == "the body is not valid JSON: $.value: duplicate key 'value' (line 1, column 20)")
            let (fraction, fractionProblem, _) = try await Self.put(client, "fps_cap", #"{"value":60.0}"#)
            #expect(fraction.code == 422)
            #expect(fractionProblem["detail"] == "fps_cap: expected an integer, got a number")
            let (ok, flag, _) = try await Self.put(client, "fps_cap", #"{"value":60}"#)
            #expect(ok == .ok)
            #expect(flag["value"] == .integer(60))
            #expect(flag["updated_by"] == "operator-token")
        }
    }

    @Test func writesNeedAnOperator() async throws {
        try await TestServer.run { client, _ in
            let body = #"{"value":true}"#
            let (missing, _, missingHeaders) = try await Self.put(client, "stereo", body, headers: [:])
            #expect(missing == .unauthorized)
            #expect(missingHeaders[.wwwAuthenticate] == #"Bearer realm="hypercube""#)
            #expect(try await Self.put(client, "stereo", body, headers: .bearer("wrong-token")).0 == .unauthorized)
            let expired = testToken(role: "operator", expiresIn: -1)
            #expect(try await Self.put(client, "stereo", body, headers: .bearer(expired)).0 == .unauthorized)
            let viewer = testToken(role: "viewer")
            let (forbidden, _, forbiddenHeaders) = try await Self.put(client, "stereo", body, headers: .bearer(viewer))
            #expect(forbidden == .forbidden)
            #expect(forbiddenHeaders[.wwwAuthenticate]?.contains("insufficient_scope") == true)
            let operatorJWT = testToken(role: "operator", subject: "carol")
            let (ok, flag, _) = try await Self.put(client, "stereo", body, headers: .bearer(operatorJWT))
            #expect(ok == .ok)
            #expect(flag["updated_by"] == "jwt:carol")
        }
    }

    @Test func writesAreRefusedWhenNoCredentialIsConfigured() async throws {
        try await TestServer.run(access: AccessPolicy()) { client, _ in
            let (status, problem, _) = try await Self.put(client, "stereo", #"{"value":true}"#)
            #expect(status == .unauthorized)
            #expect(problem["detail"]?.stringValue?.contains("HYPERCUBE_OPERATOR_TOKEN") == true)
        }
    }

    @Test func writesPastTheBurstAre429WithRetryAfter() async throws {
        let policy = AccessPolicy(operatorToken: TestServer.operatorToken, writesPerSecond: 0.5, writeBurst: 3)
        try await TestServer.run(access: policy) { client, _ in
            for value in [true, false, true] {
                #expect(try await Self.put(client, "stereo", #"{"value":\#(value)}"#).0 == .ok)
            }
            let (status, _, headers) = try await Self.put(client, "stereo", #"{"value":false}"#)
            #expect(status == .tooManyRequests)
            #expect(headers[.retryAfter] == "2")
        }
    }

    @Test func aChangeReachesEveryLiveSessionAndTheAuditLog() async throws {
        try await TestServer.run { client, server in
            guard let session = server.media.renderedSession("default") else {
                Issue.record("no default session")
                return
            }
            #expect(session.renderOptions.projection == .perspective(eyeW: 3))
            // A change is applied to the sessions before its response is sent, once the binding runs.
            #expect(try await server.flagsFollowed())
            #expect(try await Self.put(client, "projection", #"{"value":"slice"}"#).0 == .ok)
            #expect(session.renderOptions.projection == .slice(w: 0))
            #expect(try await Self.put(client, "advanced_rendering", #"{"value":false}"#).0 == .ok)
            #expect(!session.renderOptions.faces && !session.renderOptions.antialias)
            #expect(try await Self.put(client, "bitrate", #"{"value":750000}"#).0 == .ok)

            try await client.execute(uri: "/v1/audit?limit=2", method: .get) { response in
                let body = json(response.body)
                #expect(body["total"] == 3)
                guard case .array(let entries)? = body["entries"] else {
                    Issue.record("no entries")
                    return
                }
                #expect(entries.map { $0["target"] } == ["bitrate", "advanced_rendering"])
                #expect(entries[0]["old"] == 2_000_000 && entries[0]["new"] == 750_000)
                #expect(entries[0]["prev_hash"] == entries[1]["hash"])
                #expect(entries[1]["actor"] == "operator-token")
            }
            for query in ["limit=0", "limit=501", "limit=ten", "offset=-1"] {
                try await client.execute(uri: "/v1/audit?\(query)", method: .get) { response in
                    #expect(response.status == .badRequest, "\(query)")
                }
            }
        }
    }
}
