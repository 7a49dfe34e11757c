import HyperRTC
import Testing

/// Oversized offers are refused with `.sdpTooLarge` and a message that names the cap, before they are read whole;
/// offers the size real clients send are not.
@Suite struct SDPLimitsTests {
    /// The issue's offer: 1 200 m-lines and an 8 000-entry BUNDLE group, about 60 KB.
    static let hostile: String = {
        var lines = ["v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-", "t=0 0"]
        lines.append("a=group:BUNDLE " + (0..<8_000).map(String.init).joined(separator: " "))
        for index in 0..<1_200 {
            lines += ["m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=mid:\(index)"]
        }
        return lines.map { $0 + "\r\n" }.joined()
    }()

    /// A minimal offer with `media` copies of one video m-section, each with `attributes` extra a= lines.
    static func offer(media: Int, attributes: Int = 0, bundle: Int? = nil) -> String {
        var lines = ["v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-", "t=0 0"]
        if let bundle { lines.append("a=group:BUNDLE " + (0..<bundle).map(String.init).joined(separator: " ")) }
        for index in 0..<media {
            lines += ["m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:\(index)"]
            lines += (0..<attributes).map { "a=x-filler:\($0)" }
        }
        return lines.map { $0 + "\r\n" }.joined()
    }

    static func refusal(_ text: String) -> RTCError? {
        do {
            _ = try SessionDescription(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    @Test func theIssuesOfferIsRefusedBeforeItsLinesAreRead() throws {
        let error = try #require(Self.refusal(Self.hostile))
        #expect(error.code == .sdpTooLarge)
        #expect(error.message == "the SDP has 2405 lines; this server reads at most 2048")
    }

    @Test func anOversizedBundleGroupIsRefused() throws {
        #expect(Self.refusal(Self.offer(media: 16, bundle: 16)) == nil)
        let error = try #require(Self.refusal(Self.offer(media: 1, bundle: 8_000)))
        #expect(error.code == .sdpTooLarge)
        #expect(
            error.message
                == "SDP line 5: a=group:BUNDLE with 8000 tags (group 1); this server takes at most 16 groups of 16 tags"
        )
    }

    @Test func theSeventeenthMediaSectionIsRefused() throws {
        let error = try #require(Self.refusal(Self.offer(media: 1_000)))
        #expect(error.code == .sdpTooLarge)
        #expect(error.message == "SDP line 37: more than 16 m= sections; this server answers at most 16")
    }

    @Test func aSectionWithTooManyAttributesIsRefused() throws {
        #expect(Self.refusal(Self.offer(media: 2, attributes: 255)) == nil)
        let error = try #require(Self.refusal(Self.offer(media: 2, attributes: 256)))
        #expect(error.code == .sdpTooLarge)
        #expect(error.message.contains("more than 256 a= lines in m= section 1"))
    }

    @Test func tooManyLinesAreRefusedBeforeParsing() throws {
        let text = Self.offer(media: 1) + String(repeating: "b=AS:1\r\n", count: 2_100)
        let error = try #require(Self.refusal(text))
        #expect(error.code == .sdpTooLarge)
        #expect(error.message.hasPrefix("the SDP has 2106 lines; this server reads at most 2048"))
    }

    @Test func limitsCanBeRaisedForOtherUses() {
        let limits = SDPLimits(maximumLines: 4_000, maximumMediaSections: 2_000, maximumBundleGroupSize: 2_000)
        let parsed = try? SessionDescription(parsing: Self.offer(media: 1_200, bundle: 1_200), limits: limits)
        #expect(parsed?.media.count == 1_200)
    }
}
