/// WHEP offers in the shapes real clients produce, written for these tests.
enum SDPOffers {
    /// Joins lines with CRLF, as browsers and aiortc write SDP.
    static func crlf(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
    }

    static let chromeFingerprint =
        "EE:4B:D7:A6:74:A7:07:42:CF:A2:F8:11:9D:CE:E6:78:EB:58:D8:F9:5F:E5:8D:24:86:F5:4D:92:44:C6:FA:15"

    /// Chrome after `addTransceiver('audio'|'video', {direction: 'recvonly'})` and `createDataChannel`:
    /// audio first, then video with VP8, VP9 (profiles 0 and 2), H264, AV1, RTX, RED and ULPFEC; trickle ICE, so no
    /// candidates.
    static let chrome = crlf(
        """
        v=0
        o=- 7305718251624120491 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1 2
        a=extmap-allow-mixed
        a=msid-semantic: WMS
        m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:fO7P
        a=ice-pwd:xxVcEh4xCLhG3KwIa1YUGXJb
        a=ice-options:trickle
        a=fingerprint:sha-256 \(chromeFingerprint)
        a=setup:actpass
        a=mid:0
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=recvonly
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:111 opus/48000/2
        a=rtcp-fb:111 transport-cc
        a=fmtp:111 minptime=10;useinbandfec=1
        a=rtpmap:63 red/48000/2
        a=fmtp:63 111/111
        a=rtpmap:9 G722/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:13 CN/8000
        a=rtpmap:110 telephone-event/48000
        a=rtpmap:126 telephone-event/8000
        m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 100 101 102 103 45 46 116 117 118
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:fO7P
        a=ice-pwd:xxVcEh4xCLhG3KwIa1YUGXJb
        a=ice-options:trickle
        a=fingerprint:sha-256 \(chromeFingerprint)
        a=setup:actpass
        a=mid:1
        a=extmap:14 urn:ietf:params:rtp-hdrext:toffset
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:13 urn:3gpp:video-orientation
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
        a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type
        a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing
        a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
        a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
        a=recvonly
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 goog-remb
        a=rtcp-fb:96 transport-cc
        a=rtcp-fb:96 ccm fir
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        a=rtpmap:98 VP9/90000
        a=rtcp-fb:98 goog-remb
        a=rtcp-fb:98 transport-cc
        a=rtcp-fb:98 ccm fir
        a=rtcp-fb:98 nack
        a=rtcp-fb:98 nack pli
        a=fmtp:98 profile-id=0
        a=rtpmap:99 rtx/90000
        a=fmtp:99 apt=98
        a=rtpmap:100 VP9/90000
        a=rtcp-fb:100 goog-remb
        a=rtcp-fb:100 transport-cc
        a=rtcp-fb:100 ccm fir
        a=rtcp-fb:100 nack
        a=rtcp-fb:100 nack pli
        a=fmtp:100 profile-id=2
        a=rtpmap:101 rtx/90000
        a=fmtp:101 apt=100
        a=rtpmap:102 H264/90000
        a=rtcp-fb:102 goog-remb
        a=rtcp-fb:102 transport-cc
        a=rtcp-fb:102 ccm fir
        a=rtcp-fb:102 nack
        a=rtcp-fb:102 nack pli
        a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f
        a=rtpmap:103 rtx/90000
        a=fmtp:103 apt=102
        a=rtpmap:45 AV1/90000
        a=rtcp-fb:45 goog-remb
        a=rtcp-fb:45 transport-cc
        a=rtcp-fb:45 ccm fir
        a=rtcp-fb:45 nack
        a=rtcp-fb:45 nack pli
        a=fmtp:45 level-idx=5;profile=0;tier=0
        a=rtpmap:46 rtx/90000
        a=fmtp:46 apt=45
        a=rtpmap:116 red/90000
        a=rtpmap:117 rtx/90000
        a=fmtp:117 apt=116
        a=rtpmap:118 ulpfec/90000
        m=application 9 UDP/DTLS/SCTP webrtc-datachannel
        c=IN IP4 0.0.0.0
        a=ice-ufrag:fO7P
        a=ice-pwd:xxVcEh4xCLhG3KwIa1YUGXJb
        a=ice-options:trickle
        a=fingerprint:sha-256 \(chromeFingerprint)
        a=setup:actpass
        a=mid:2
        a=sctp-port:5000
        a=max-message-size:262144

        """)

    /// Chrome offering only H264 and AV1 for video (as after `setCodecPreferences`), to test codec refusal.
    static let chromeWithoutVP8 = crlf(
        """
        v=0
        o=- 1436799241872530101 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0
        a=msid-semantic: WMS
        m=video 9 UDP/TLS/RTP/SAVPF 102 103 45 46
        c=IN IP4 0.0.0.0
        a=ice-ufrag:fO7P
        a=ice-pwd:xxVcEh4xCLhG3KwIa1YUGXJb
        a=fingerprint:sha-256 \(chromeFingerprint)
        a=setup:actpass
        a=mid:0
        a=recvonly
        a=rtcp-mux
        a=rtpmap:102 H264/90000
        a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f
        a=rtpmap:103 rtx/90000
        a=fmtp:103 apt=102
        a=rtpmap:45 AV1/90000
        a=rtpmap:46 rtx/90000
        a=fmtp:46 apt=45

        """)

    static let aiortcFingerprints = [
        "sha-256 15:10:03:40:D1:59:7F:C5:45:A7:6C:FB:63:5A:AC:71:7C:2E:DA:2B:E5:CC:1D:23:3D:D6:E1:DB:BC:26:FD:D6",
        "sha-384 BB:2D:7F:7C:12:5E:AC:4A:C7:12:7F:D4:6E:57:69:16:90:2F:A2:77:1C:F6:66:08:8E:48:6B:7F:D5:45:85:16"
            + ":78:94:3C:EF:C2:7B:71:51:CC:F8:B0:7E:63:66:F6:30",
        "sha-512 88:05:E8:91:B2:62:B1:C7:BC:97:DC:FD:F6:D5:1E:8E:38:79:F5:0D:47:AE:6A:F8:B9:8A:21:C5:F6:A5:7F:BF"
            + ":35:07:91:78:D5:FB:58:D3:45:67:F2:93:03:F5:2A:81:63:1A:93:F9:06:26:E2:DD:26:10:25:AE:7B:04:98:CE",
    ]

    /// aiortc with `addTransceiver("video"|"audio", direction=…)`: video first, VP8 and H264 with RTX, Opus, G722,
    /// PCMU, PCMA; candidates gathered before the offer; the transport attributes after the candidates; three
    /// fingerprints.
    static func aiortc(direction: String) -> String {
        let sending = direction == "sendrecv"
        let videoSource =
            sending
            ? "a=msid:4f2f1ad4 b6c3e1a2\na=ssrc-group:FID 2711348862 1640374981\n"
                + "a=ssrc:2711348862 cname:9c7e1e8a\na=ssrc:1640374981 cname:9c7e1e8a\n" : ""
        let audioSource = sending ? "a=msid:4f2f1ad4 e7a3d0c9\na=ssrc:3170411229 cname:9c7e1e8a\n" : ""
        let transport = """
            a=candidate:eab0634f62dcc15673668cfdd08917e8 1 udp 2130706431 192.168.1.20 51234 typ host
            a=candidate:1c5b5dbb4cf7d2d1a5b0f4c4f1d7a6e2 1 udp 1694498815 203.0.113.7 51234 typ srflx \
            raddr 192.168.1.20 rport 51234
            a=end-of-candidates
            a=ice-ufrag:SsIL
            a=ice-pwd:I9uJ3lrb/0GWts5Q/OZVYtOt0yeE2ML7
            a=fingerprint:\(aiortcFingerprints[0])
            a=fingerprint:\(aiortcFingerprints[1])
            a=fingerprint:\(aiortcFingerprints[2])
            a=setup:actpass
            """
        return crlf(
            """
            v=0
            o=- 3917385723 3917385723 IN IP4 0.0.0.0
            s=-
            t=0 0
            a=group:BUNDLE 0 1
            a=msid-semantic:WMS *
            m=video 51234 UDP/TLS/RTP/SAVPF 97 98 99 100 101 102
            c=IN IP4 192.168.1.20
            a=\(direction)
            a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
            a=extmap:3 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
            a=mid:0
            \(videoSource)a=rtcp:9 IN IP4 0.0.0.0
            a=rtcp-mux
            a=rtpmap:97 VP8/90000
            a=rtcp-fb:97 nack
            a=rtcp-fb:97 nack pli
            a=rtcp-fb:97 goog-remb
            a=rtpmap:98 rtx/90000
            a=fmtp:98 apt=97
            a=rtpmap:99 H264/90000
            a=rtcp-fb:99 nack
            a=rtcp-fb:99 nack pli
            a=rtcp-fb:99 goog-remb
            a=fmtp:99 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f
            a=rtpmap:100 rtx/90000
            a=fmtp:100 apt=99
            a=rtpmap:101 H264/90000
            a=rtcp-fb:101 nack
            a=rtcp-fb:101 nack pli
            a=rtcp-fb:101 goog-remb
            a=fmtp:101 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f
            a=rtpmap:102 rtx/90000
            a=fmtp:102 apt=101
            \(transport)
            m=audio 51234 UDP/TLS/RTP/SAVPF 96 9 0 8
            c=IN IP4 192.168.1.20
            a=\(direction)
            a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
            a=extmap:2 urn:ietf:params:rtp-hdrext:ssrc-audio-level
            a=mid:1
            \(audioSource)a=rtcp:9 IN IP4 0.0.0.0
            a=rtcp-mux
            a=rtpmap:96 opus/48000/2
            a=rtpmap:9 G722/8000
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            \(transport)

            """)
    }

    /// A minimal offer with the transport attributes at session level, to test inheritance and the answer's checks.
    static func minimal(
        session: [String] = [], video: [String] = [], audio: [String]? = nil, bundle: String? = "a=group:BUNDLE v a"
    ) -> String {
        var lines = ["v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-", "t=0 0"]
        if let bundle { lines.append(bundle) }
        lines += session
        lines += ["m=video 9 UDP/TLS/RTP/SAVPF 96 97", "c=IN IP4 0.0.0.0", "a=mid:v"] + video
        if let audio {
            lines += ["m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=mid:a"] + audio
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static let minimalTransport = [
        "a=ice-ufrag:FY1y", "a=ice-pwd:H+AEUAI1H2zOZ9FoUOyCVKv8",
        "a=fingerprint:sha-256 \(chromeFingerprint)", "a=setup:actpass",
    ]

    static let minimalVideo = [
        "a=recvonly", "a=rtcp-mux", "a=rtpmap:96 VP8/90000", "a=rtcp-fb:96 nack", "a=rtpmap:97 rtx/90000",
        "a=fmtp:97 apt=96",
    ]

    static let minimalAudio = ["a=recvonly", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2"]
}
