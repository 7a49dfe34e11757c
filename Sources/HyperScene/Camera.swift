public import HyperGeometry

/// A pinhole camera looking at the projected 3D image, optionally rendering a side-by-side stereo pair.
public struct Camera: Hashable, Sendable {
    /// The default camera: 3.8 units down +z looking at the origin with a 45° field of view, so a rotating
    /// circumradius-1 polytope under `perspective(eyeW: 3)` fills at most about 70% of the frame height.
    public static let standard = Camera()

    public var position: Vector3
    public var target: Vector3
    public var up: Vector3
    /// Vertical field of view, degrees, in (0, 180).
    public var fovDegrees: Double
    public var stereo: Bool
    /// Distance between the two eyes of a stereo pair, in world units.
    public var eyeSeparation: Double

    public init(
        position: Vector3 = Vector3(0, 0, 3.8),
        target: Vector3 = .zero,
        up: Vector3 = Vector3(0, 1, 0),
        fovDegrees: Double = 45,
        stereo: Bool = false,
        eyeSeparation: Double = 0.064
    ) {
        self.position = position
        self.target = target
        self.up = up
        self.fovDegrees = fovDegrees
        self.stereo = stereo
        self.eyeSeparation = eyeSeparation
    }
}
