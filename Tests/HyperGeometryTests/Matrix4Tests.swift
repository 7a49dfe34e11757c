import HyperGeometry
import Testing

struct Matrix4Tests {
    private let sample = Matrix4(rows: [
        [1, 2, 3, 4],
        [5, 6, 7, 8],
        [9, 10, 11, 12],
        [13, 14, 15, 16],
    ])

    @Test func rowsAndSubscriptAgree() {
        #expect(sample[0, 3] == 4)
        #expect(sample[3, 0] == 13)
        #expect(sample[2, 1] == 10)
        var copy = sample
        copy[1, 2] = -1
        #expect(copy[1, 2] == -1 && copy != sample)
    }

    @Test func identityIsNeutral() {
        #expect(Matrix4.identity * sample == sample)
        #expect(sample * Matrix4.identity == sample)
        #expect(Matrix4.identity * Vector4(1, 2, 3, 4) == Vector4(1, 2, 3, 4))
    }

    @Test func productsActOnColumnVectors() {
        #expect(sample * Vector4(1, 0, 0, 0) == Vector4(1, 5, 9, 13))
        #expect(sample * Vector4(1, 1, 1, 1) == Vector4(10, 26, 42, 58))
        let other = Matrix4(rows: [[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 2, 0], [0, 0, 0, 1]])
        let product = sample * other
        #expect(product == Matrix4(rows: [[2, 1, 6, 4], [6, 5, 14, 8], [10, 9, 22, 12], [14, 13, 30, 16]]))
        let v = Vector4(0.5, -1, 2, 3)
        #expect(product * v == sample * (other * v))
    }

    @Test func transposeSwapsRowsAndColumns() {
        let transposed = sample.transposed
        #expect((0..<4).allSatisfy { r in (0..<4).allSatisfy { c in transposed[r, c] == sample[c, r] } })
        #expect(transposed.transposed == sample)
    }

    @Test func columnMajorFloatsListColumnsInTurn() {
        #expect(sample.columnMajorFloats == [1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15, 4, 8, 12, 16])
    }

    @Test func determinant() {
        #expect(Matrix4.identity.determinant == 1)
        #expect(sample.determinant == 0)
        #expect(Matrix4(rows: [[2, 0, 0, 0], [0, 3, 0, 0], [0, 0, 4, 0], [0, 0, 0, 5]]).determinant == 120)
        #expect(Matrix4(rows: [[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]).determinant == -1)
        let a = Matrix4(rows: [[2, -1, 0, 3], [1, 4, 2, 0], [0, 1, 5, -2], [3, 0, 1, 1]])
        let b = Matrix4(rows: [[1, 2, 0, 0], [0, 1, 3, 1], [2, 0, 1, 4], [1, 1, 0, 2]])
        #expect(isClose((a * b).determinant, a.determinant * b.determinant))
        #expect(a.transposed.determinant == a.determinant)
    }
}
