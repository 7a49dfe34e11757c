import Foundation
public import HyperSFU
import HyperMedia

/// A session's settings as the cluster stores them, so that any node can render or relay it: the scene by name (a
/// catalog name or a path every node can read), picture size, frame rate, codec and bitrate.
public struct SessionDocument: Codable, Sendable, Equatable {
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

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    public init(json: String) throws(DirectoryError) {
        do {
            self = try JSONDecoder().decode(Self.self, from: Data(json.utf8))
        } catch {
            throw DirectoryError(.badSettings, "the session's stored settings are not a session document: \(error)")
        }
    }
}
