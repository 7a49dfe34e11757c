import HTTPTypes
import HyperJSON
import HyperMedia
import HyperSFU

/// The body of `POST /v1/sessions`, validated: a known scene, a size within the resolution cap, a frame rate
/// within the fps cap, a streamable codec and a bitrate in range. Omitted fields take defaults (1280x720, 30 fps,
/// the `codec` and `bitrate` flags).
struct SessionRequest: Sendable, Equatable {
    static let members: Set = ["scene", "size", "fps", "codec", "bitrate"]
    static let bitrateRange = 100_000...50_000_000

    var scene: String
    var size: PictureSize
    var framesPerSecond: Double
    var codec: VideoCodec
    var bitrate: Int

    /// 400 for an unknown member, 422 with the reason for a missing scene or a value of the wrong type or range.
    init(json body: JSONObject, flags: FlagSet, scenes: [String]) throws(ProblemDetails) {
        if let extra = Set(body.keys).subtracting(Self.members).sorted().first {
            throw ProblemDetails(
                .badRequest,
                "unexpected member '\(extra)'; a session takes \(Self.members.sorted().joined(separator: ", "))"
            )
        }
        guard let sceneValue = body["scene"] else {
            throw .unprocessable("scene is required; known scenes: \(scenes.joined(separator: ", "))")
        }
        guard let scene = sceneValue.stringValue, scenes.contains(scene) else {
            throw .unprocessable(
                "unknown scene \(sceneValue.canonicalText); known scenes: \(scenes.joined(separator: ", "))"
            )
        }
        self.scene = scene

        size = PictureSize(width: 1280, height: 720)
        if let value = body["size"] {
            guard let text = value.stringValue else {
                throw .unprocessable("size: expected a string like \"1280x720\", got \(value.typeDescription)")
            }
            do {
                size = try PictureSize(parsing: text)
            } catch {
                throw .unprocessable("size: \(error.reason)")
            }
        }
        let cap = flags.resolutionCap
        guard size.fits(within: cap) else {
            throw .unprocessable("size: \(size) exceeds the resolution_cap flag (\(cap))")
        }

        framesPerSecond = 30
        if let value = body["fps"] {
            guard let fps = value.doubleValue else {
                throw .unprocessable("fps: expected a number, got \(value.typeDescription)")
            }
            framesPerSecond = fps
        }
        guard framesPerSecond >= 1, framesPerSecond <= Double(flags.fpsCap) else {
            throw .unprocessable("fps: \(framesPerSecond) is outside 1...\(flags.fpsCap) (the fps_cap flag)")
        }

        let codecName: String
        if let value = body["codec"] {
            guard let text = value.stringValue else {
                throw .unprocessable("codec: expected a string, got \(value.typeDescription)")
            }
            codecName = text
        } else {
            codecName = flags.codec
        }
        guard let codec = VideoCodec(rawValue: codecName) else {
            throw .unprocessable("codec: '\(codecName)' is not one of vp8, vp9")
        }
        self.codec = codec

        bitrate = flags.bitrate
        if let value = body["bitrate"] {
            guard let bits = value.integerValue else {
                throw .unprocessable("bitrate: expected an integer (bits/s), got \(value.typeDescription)")
            }
            bitrate = bits
        }
        guard Self.bitrateRange.contains(bitrate) else {
            throw .unprocessable(
                "bitrate: \(bitrate) is outside \(Self.bitrateRange.lowerBound)...\(Self.bitrateRange.upperBound) bits/s"
            )
        }
    }

    /// Frames × pixels per second the session asks of the GPU.
    var pixelRate: Int {
        SessionSettings.pixelRate(width: size.width, height: size.height, framesPerSecond: framesPerSecond)
    }

    var auditJSON: JSONValue {
        [
            "scene": .string(scene), "size": .string(size.description), "fps": .number(framesPerSecond),
            "codec": .string(codec.rawValue), "bitrate": .integer(bitrate),
        ]
    }
}
