import Foundation

/// A real 4×4 matrix acting on column vectors: the linear maps of 4D space, chiefly rotations.
public struct Matrix4: Equatable, Sendable {
    private var row0: SIMD4<Double>
    private var row1: SIMD4<Double>
    private var row2: SIMD4<Double>
    private var row3: SIMD4<Double>

    private init(_ row0: SIMD4<Double>, _ row1: SIMD4<Double>, _ row2: SIMD4<Double>, _ row3: SIMD4<Double>) {
        self.row0 = row0
        self.row1 = row1
        self.row2 = row2
        self.row3 = row3
    }

    public static let identity = Matrix4(
        SIMD4(1, 0, 0, 0),
        SIMD4(0, 1, 0, 0),
        SIMD4(0, 0, 1, 0),
        SIMD4(0, 0, 0, 1)
    )

    /// Builds a matrix from four rows of four entries each.
    public init(rows: [[Double]]) {
        precondition(rows.count == 4 && rows.allSatisfy { $0.count == 4 }, "Matrix4 needs 4 rows of 4 entries")
        self.init(
            SIMD4(rows[0][0], rows[0][1], rows[0][2], rows[0][3]),
            SIMD4(rows[1][0], rows[1][1], rows[1][2], rows[1][3]),
            SIMD4(rows[2][0], rows[2][1], rows[2][2], rows[2][3]),
            SIMD4(rows[3][0], rows[3][1], rows[3][2], rows[3][3])
        )
    }

    private func row(_ index: Int) -> SIMD4<Double> {
        switch index {
        case 0: row0
        case 1: row1
        case 2: row2
        case 3: row3
        default: preconditionFailure("Matrix4 row \(index) is outside 0..<4")
        }
    }

    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition((0..<4).contains(column), "Matrix4 column \(column) is outside 0..<4")
            return self.row(row)[column]
        }
        set {
            precondition((0..<4).contains(column), "Matrix4 column \(column) is outside 0..<4")
            switch row {
            case 0: row0[column] = newValue
            case 1: row1[column] = newValue
            case 2: row2[column] = newValue
            case 3: row3[column] = newValue
            default: preconditionFailure("Matrix4 row \(row) is outside 0..<4")
            }
        }
    }

    public static func * (a: Matrix4, b: Matrix4) -> Matrix4 {
        func product(_ r: SIMD4<Double>) -> SIMD4<Double> {
            r[0] * b.row0 + r[1] * b.row1 + r[2] * b.row2 + r[3] * b.row3
        }
        return Matrix4(product(a.row0), product(a.row1), product(a.row2), product(a.row3))
    }

    public static func * (m: Matrix4, v: Vector4) -> Vector4 {
        let column = SIMD4(v.x, v.y, v.z, v.w)
        return Vector4(
            (m.row0 * column).sum(),
            (m.row1 * column).sum(),
            (m.row2 * column).sum(),
            (m.row3 * column).sum()
        )
    }

    public var transposed: Matrix4 {
        Matrix4(
            SIMD4(row0[0], row1[0], row2[0], row3[0]),
            SIMD4(row0[1], row1[1], row2[1], row3[1]),
            SIMD4(row0[2], row1[2], row2[2], row3[2]),
            SIMD4(row0[3], row1[3], row2[3], row3[3])
        )
    }

    /// The 16 entries as single-precision floats in column-major order, the layout of a GLSL `mat4` (std140/std430).
    public var columnMajorFloats: [Float] {
        (0..<4).flatMap { column in (0..<4).map { row in Float(self[row, column]) } }
    }

    /// The determinant; 1 for every rotation.
    public var determinant: Double {
        let s0 = row0[0] * row1[1] - row1[0] * row0[1]
        let s1 = row0[0] * row1[2] - row1[0] * row0[2]
        let s2 = row0[0] * row1[3] - row1[0] * row0[3]
        let s3 = row0[1] * row1[2] - row1[1] * row0[2]
        let s4 = row0[1] * row1[3] - row1[1] * row0[3]
        let s5 = row0[2] * row1[3] - row1[2] * row0[3]
        let c5 = row2[2] * row3[3] - row3[2] * row2[3]
        let c4 = row2[1] * row3[3] - row3[1] * row2[3]
        let c3 = row2[1] * row3[2] - row3[1] * row2[2]
        let c2 = row2[0] * row3[3] - row3[0] * row2[3]
        let c1 = row2[0] * row3[2] - row3[0] * row2[2]
        let c0 = row2[0] * row3[1] - row3[0] * row2[1]
        return s0 * c5 - s1 * c4 + s2 * c3 + s3 * c2 - s4 * c1 + s5 * c0
    }

    /// The rotation by `angle` radians in `plane`: its first axis turns toward its second, the other two axes stay
    /// fixed. For `.xy`, e_x ↦ cos θ e_x + sin θ e_y and e_y ↦ −sin θ e_x + cos θ e_y.
    public static func rotation(in plane: RotationPlane, by angle: Double) -> Matrix4 {
        let (first, second) = plane.axes
        let cosine = cos(angle)
        let sine = sin(angle)
        var matrix = Matrix4.identity
        matrix[first, first] = cosine
        matrix[second, second] = cosine
        matrix[second, first] = sine
        matrix[first, second] = -sine
        return matrix
    }
}
