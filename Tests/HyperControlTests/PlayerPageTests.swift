import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HyperControl

/// The player page runs only its own script: no inline script or style the policy would have to allow, a policy
/// without 'unsafe-inline', and no HTML built from strings (`?server=` lists another server's sessions, which used
/// to go in through `innerHTML`).
@Suite(.serialized) struct PlayerPageTests {
    @Test func thePolicyAllowsNoInlineCode() async throws {
        try await TestServer.run { client, _ in
            for uri in ["/", "/player"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let policy = try #require(response.headers[.contentSecurityPolicy])
                    #expect(!policy.contains("unsafe-inline"), "\(uri): \(policy)")
                    #expect(!policy.contains("unsafe-eval"), "\(uri): \(policy)")
                    #expect(policy.contains("script-src 'self'"), "\(uri): \(policy)")
                }
            }
        }
    }

    @Test func thePageHasNoInlineScriptOrStyle() throws {
        let page = PlayerPage.document.lowercased()
        let scripts = page.components(separatedBy: "<script").dropFirst()
        #expect(scripts.count == 1)
        for script in scripts {
            let tag = script.prefix { $0 != ">" }
            #expect(tag.contains("src=\"/player.js\""), "<script\(tag)>")
            #expect(script.dropFirst(tag.count + 1).hasPrefix("</script>"), "inline code after <script\(tag)>")
        }
        #expect(!page.contains("<style"))
        #expect(!page.contains(" style="))
        #expect(page.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil, "an inline event handler")
        #expect(!page.contains("javascript:"))
    }

    @Test func theScriptBuildsNoMarkupFromStrings() {
        for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"] {
            #expect(!PlayerScript.source.contains(sink), "\(sink)")
        }
        #expect(PlayerScript.source.contains("textContent"))
    }

    @Test func theScriptAndStylesAreServed() async throws {
        try await TestServer.run { client, _ in
            try await client.execute(uri: "/player.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(String(buffer: response.body) == PlayerScript.source)
            }
            try await client.execute(uri: "/player.css", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(String(buffer: response.body) == PlayerStylesheet.source)
            }
        }
    }
}
