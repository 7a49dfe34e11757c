import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HyperControl

/// The XR page, like the player, runs only its own script under a policy without 'unsafe-inline', and builds no
/// markup from strings: `?server=` may name another server.
@Suite(.serialized) struct XRPageTests {
    @Test func thePageIsServedUnderThePlayersPolicy() async throws {
        try await TestServer.run { client, _ in
            try await client.execute(uri: "/xr?session=default&eye=640x360", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                let policy = try #require(response.headers[.contentSecurityPolicy])
                #expect(policy == PageResponse.contentSecurityPolicy)
                #expect(!policy.contains("unsafe-inline"), "\(policy)")
                #expect(!policy.contains("unsafe-eval"), "\(policy)")
                #expect(policy.contains("script-src 'self'"), "\(policy)")
                #expect(String(buffer: response.body) == XRPage.document)
            }
        }
    }

    @Test func thePageHasNoInlineScriptOrStyle() {
        let page = XRPage.document.lowercased()
        let scripts = page.components(separatedBy: "<script").dropFirst()
        #expect(scripts.count == 1)
        for script in scripts {
            let tag = script.prefix { $0 != ">" }
            #expect(tag.contains("src=\"/xr.js\""), "<script\(tag)>")
            #expect(script.dropFirst(tag.count + 1).hasPrefix("</script>"), "inline code after <script\(tag)>")
        }
        #expect(page.contains("href=\"/xr.css\""))
        #expect(!page.contains("<style"))
        #expect(!page.contains(" style="))
        #expect(page.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil, "an inline event handler")
        #expect(!page.contains("javascript:"))
    }

    @Test func theScriptBuildsNoMarkupFromStrings() {
        for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"] {
            #expect(!XRScript.source.contains(sink), "\(sink)")
        }
        #expect(XRScript.source.contains("textContent"))
    }

    @Test func theScriptAndStylesAreServed() async throws {
        try await TestServer.run { client, _ in
            try await client.execute(uri: "/xr.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(String(buffer: response.body) == XRScript.source)
            }
            try await client.execute(uri: "/xr.css", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(String(buffer: response.body) == XRStylesheet.source)
            }
        }
    }
}
