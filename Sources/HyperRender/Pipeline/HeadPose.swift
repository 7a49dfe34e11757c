public import HyperGeometry

/// Where an XR viewer's head is, in its `local` reference space (metres, head looking down −z), and how the viewer
/// has turned the scene in 4D. The identity pose sees exactly what the scene's camera sees: the camera's view is
/// taken as the local space, so the object sits where the camera's target is, ahead of the head.
public struct HeadPose: Equatable, Sendable {
    public var position: SIMD3<Double>
    /// A unit quaternion (x, y, z, w); normalised when the view is built.
    public var orientation: SIMD4<Double>
    /// Distance between the eyes, metres; the stereo pair is rendered this far apart.
    public var eyeSeparation: Double
    /// Applied to every object before its own animation: the viewer's turns in the xw, yw and zw planes.
    public var sceneRotation: Matrix4

    public static let identity = HeadPose()

    public init(
        position: SIMD3<Double> = .zero,
        orientation: SIMD4<Double> = SIMD4(0, 0, 0, 1),
        eyeSeparation: Double = 0.064,
        sceneRotation: Matrix4 = .identity
    ) {
        self.position = position
        self.orientation = orientation
        self.eyeSeparation = eyeSeparation
        self.sceneRotation = sceneRotation
    }

    /// The rotation the head applies, as rows of a 3×3 matrix (from the normalised quaternion; identity for a zero
    /// or non-finite one).
    var rotationRows: [SIMD3<Double>] {
        let length = (orientation * orientation).sum().squareRoot()
        guard length.isFinite, length > 1e-9 else { return [SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1)] }
        let q = orientation / length
        let (x, y, z, w) = (q.x, q.y, q.z, q.w)
        return [
            SIMD3(1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)),
            SIMD3(2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)),
            SIMD3(2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)),
        ]
    }

    /// Local space → head space: the inverse of the head's rigid transform, `Rᵀ · (p − position)`.
    var inverseTransform: Matrix4 {
        let r = rotationRows
        let columns = (0..<3).map { column in SIMD3(r[0][column], r[1][column], r[2][column]) }
        let translation = columns.map { -($0 * position).sum() }
        return Matrix4(rows: [
            [columns[0].x, columns[0].y, columns[0].z, translation[0]],
            [columns[1].x, columns[1].y, columns[1].z, translation[1]],
            [columns[2].x, columns[2].y, columns[2].z, translation[2]],
            [0, 0, 0, 1],
        ])
    }
}
