import Foundation
import HyperGeometry
public import HyperScene

/// Turns a scene into sound, one sine voice per object: the object's extent along w sets its pitch (wider is lower),
/// where its centre appears on screen sets its stereo position. Like the picture, the sound is a pure function of time.
public struct SceneSonifier: Sendable {
    /// The pitches voices move between, Hz.
    public static let frequencyRange = 110.0...880.0
    /// The w extents mapped onto `frequencyRange`, world units: the narrowest sounds highest, the widest lowest,
    /// equal ratios of extent giving equal musical intervals.
    public static let wExtentRange = 0.25...4.0
    /// All voices together peak at no more than this fraction of full scale, so the mix never clips.
    public static let peakLevel = 0.5
    /// Voice parameters are computed this often and interpolated in between, seconds.
    public static let blockDuration = 0.02

    public let scene: Scene
    public let sampleRate: Int
    /// Samples per channel in one parameter block (`blockDuration`).
    public let blockLength: Int
    private let vertices: [[Vector4]]
    private let voiceGain: Double

    public init(scene: Scene, sampleRate: Int = MediaClock.audioClockRate) {
        let blocksPerSecond = Int((1 / Self.blockDuration).rounded())
        precondition(
            sampleRate > 0 && sampleRate % blocksPerSecond == 0,
            "a sonifier's sample rate must be a positive multiple of \(blocksPerSecond) Hz, got \(sampleRate)"
        )
        self.scene = scene
        self.sampleRate = sampleRate
        self.blockLength = sampleRate / blocksPerSecond
        self.vertices = scene.objects.map { $0.shape.makePolytope().vertices }
        self.voiceGain = Self.peakLevel / Double(max(scene.objects.count, 2))
    }

    /// What every object sounds like at `time` seconds, in scene order.
    public func voices(at time: Double) -> [Voice] {
        let projection = scene.projection.projection4D
        return scene.objects.indices.map { index in
            let object = scene.objects[index]
            return Voice(
                frequency: frequency(ofObject: index, at: time),
                gain: voiceGain,
                pan: Self.pan(of: projection.project(object.position), seenBy: scene.camera)
            )
        }
    }

    /// The pitch of object `index` at `time`, as `voices(at:)` reports it.
    func frequency(ofObject index: Int, at time: Double) -> Double {
        Self.frequency(forWExtent: wExtent(ofObject: index, at: time))
    }

    /// The time of sample `sample`, seconds.
    func time(ofSample sample: Int64) -> Double {
        Double(sample) / Double(sampleRate)
    }

    /// Max w − min w over the object's vertices once rotated and scaled (placement does not change it).
    private func wExtent(ofObject index: Int, at time: Double) -> Double {
        let rotation = scene.objects[index].rotation(at: time)
        let wRow = Vector4(rotation[3, 0], rotation[3, 1], rotation[3, 2], rotation[3, 3])
        var lowest = Double.infinity
        var highest = -Double.infinity
        for vertex in vertices[index] {
            let w = wRow.dot(vertex)
            lowest = min(lowest, w)
            highest = max(highest, w)
        }
        return highest >= lowest ? (highest - lowest) * scene.objects[index].scale : 0
    }

    /// Maps a w extent onto `frequencyRange` on a log scale, widest lowest; extents outside `wExtentRange` clamp.
    static func frequency(forWExtent extent: Double) -> Double {
        let position = log(extent / wExtentRange.lowerBound) / log(wExtentRange.upperBound / wExtentRange.lowerBound)
        let clamped = min(max(position, 0), 1)
        let (low, high) = (frequencyRange.lowerBound, frequencyRange.upperBound)
        return exp(log(high) + clamped * (log(low) - log(high)))
    }

    /// Where `point` appears across the camera's view: −1 at the left edge, +1 at the right edge of a square frame
    /// spanning the vertical field of view, clamped beyond.
    static func pan(of point: Vector3, seenBy camera: Camera) -> Double {
        let forward = (camera.target - camera.position).normalized()
        let side = forward.cross(camera.up).normalized()
        let offset = point - camera.position
        let depth = max(offset.dot(forward), 1e-3)
        let halfWidth = depth * tan(camera.fovDegrees * .pi / 360)
        return min(max(offset.dot(side) / halfWidth, -1), 1)
    }
}
