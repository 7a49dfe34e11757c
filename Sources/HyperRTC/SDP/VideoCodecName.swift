/// The video codecs this server can encode and offer to answer with, spelled as in `a=rtpmap`.
public enum VideoCodecName: String, Sendable {
    case vp8 = "VP8"
    case vp9 = "VP9"
}
