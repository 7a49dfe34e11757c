import HyperJSON
import HyperMedia
public import HyperSFU

/// A session's settings as the cluster stores them, so that any node can render or relay it: the scene by name (a
/// catalog name or a path every node can read), picture size, frame rate, codec and bitrate.
public struct SessionDocument: Sendable, Equatable {
    public var scene: String
    public var width: Int
    public var height: Int
    public var framesPerSecond: Double
    public var codec: String
    public var bitrate: Int

    public init(scene: String, width: Int, height: Int, framesPerSecond: Double, codec: String, bitrate: Int) {
        self.scene = scene
        self.width = width
        self.height = height
        self.framesPerSecond = framesPerSecond
        self.codec = codec
        self.bitrate = bitrate
    }

    public init(settings: SessionSettings) {
        scene = settings.sceneName
        width = settings.width
        height = settings.height
        framesPerSecond = settings.framesPerSecond
        codec = settings.codec.rawValue
        bitrate = settings.bitrate
    }

    /// Width × height × frames per second: what the session costs the GPU.
    public var pixelRate: Int {
        SessionSettings.pixelRate(width: width, height: height, framesPerSecond: framesPerSecond)
    }

    /// The document as canonical JSON, as the cluster stores it.
    public func json() -> String {
        let document: JSONValue = [
            "scene": .string(scene), "width": .integer(width), "height": .integer(height),
            "framesPerSecond": .number(framesPerSecond), "codec": .string(codec), "bitrate": .integer(bitrate),
        ]
        return document.canonicalText
    }

    /// Reads a stored document; every member is required and typed (`framesPerSecond` may be written either way).
    public init(json: String) throws(DirectoryError) {
        func refuse(_ why: String) -> DirectoryError {
            DirectoryError(.badSettings, "the session's stored settings are not a session document: \(why)")
        }
        let document: JSONValue
        do {
            document = try JSONValue(parsing: json.utf8)
        } catch {
            throw refuse("\(error)")
        }
        func member<T>(_ key: String, _ read: (JSONValue) -> T?, _ type: String) throws(DirectoryError) -> T {
            guard let value = document[key] else { throw refuse("\(key) is missing") }
            guard let typed = read(value) else {
                throw refuse("\(key): expected \(type), got \(value.typeDescription)")
            }
            return typed
        }
        scene = try member("scene", \.stringValue, "a string")
        width = try member("width", \.integerValue, "an integer")
        height = try member("height", \.integerValue, "an integer")
        framesPerSecond = try member("framesPerSecond", \.doubleValue, "a number")
        codec = try member("codec", \.stringValue, "a string")
        bitrate = try member("bitrate", \.integerValue, "an integer")
    }
}
