/// The visible region of one plane in two equally sized I420 frames, for sample-by-sample metrics.
struct PlanePair {
    let a: [UInt8]
    let b: [UInt8]
    let offsetA: Int
    let offsetB: Int
    let strideA: Int
    let strideB: Int
    let width: Int
    let height: Int

    /// The Y, U and V plane pairs of two frames, which must have the same visible size (strides may differ).
    static func all(_ a: I420Frame, _ b: I420Frame) -> [PlanePair] {
        let la = a.layout
        let lb = b.layout
        precondition(la.width == lb.width && la.height == lb.height, "I420 comparison needs equal sizes")
        func pair(_ offsetA: Int, _ offsetB: Int, _ strideA: Int, _ strideB: Int, _ width: Int, _ height: Int)
            -> PlanePair
        {
            PlanePair(
                a: a.bytes, b: b.bytes, offsetA: offsetA, offsetB: offsetB, strideA: strideA, strideB: strideB,
                width: width, height: height)
        }
        return [
            pair(la.yOffset, lb.yOffset, la.yStride, lb.yStride, la.width, la.height),
            pair(la.uOffset, lb.uOffset, la.uvStride, lb.uvStride, la.chromaWidth, la.chromaHeight),
            pair(la.vOffset, lb.vOffset, la.uvStride, lb.uvStride, la.chromaWidth, la.chromaHeight),
        ]
    }

    /// PSNR in dB, peak 255; `.infinity` when identical.
    var psnr: Double {
        var squaredError = 0
        forEachRow { lhs, rhs in
            for x in 0..<width {
                let difference = Int(lhs[x]) - Int(rhs[x])
                squaredError += difference * difference
            }
        }
        return ImageComparison.psnr(squaredError: squaredError, samples: width * height)
    }

    var maxAbsoluteDifference: Int {
        var largest = 0
        forEachRow { lhs, rhs in
            for x in 0..<width {
                largest = max(largest, abs(Int(lhs[x]) - Int(rhs[x])))
            }
        }
        return largest
    }

    /// Mean SSIM over 8x8 windows stepped by 4 (window clipped to the plane when it is smaller).
    var ssim: Double {
        let windowWidth = min(8, width)
        let windowHeight = min(8, height)
        var total = 0.0
        var windows = 0
        a.withUnsafeBufferPointer { lhs in
            b.withUnsafeBufferPointer { rhs in
                for top in stride(from: 0, through: height - windowHeight, by: 4) {
                    for left in stride(from: 0, through: width - windowWidth, by: 4) {
                        var sums = WindowSums()
                        for y in top..<top + windowHeight {
                            let rowA = offsetA + y * strideA
                            let rowB = offsetB + y * strideB
                            for x in left..<left + windowWidth {
                                sums.add(Int(lhs[rowA + x]), Int(rhs[rowB + x]))
                            }
                        }
                        total += sums.ssim(count: windowWidth * windowHeight)
                        windows += 1
                    }
                }
            }
        }
        return total / Double(windows)
    }

    private func forEachRow(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void) {
        a.withUnsafeBufferPointer { lhs in
            b.withUnsafeBufferPointer { rhs in
                for y in 0..<height {
                    body(
                        UnsafeBufferPointer(rebasing: lhs[offsetA + y * strideA..<offsetA + y * strideA + width]),
                        UnsafeBufferPointer(rebasing: rhs[offsetB + y * strideB..<offsetB + y * strideB + width]))
                }
            }
        }
    }
}

/// Running sums of one SSIM window.
private struct WindowSums {
    var a = 0
    var b = 0
    var aa = 0
    var bb = 0
    var ab = 0

    mutating func add(_ x: Int, _ y: Int) {
        a += x
        b += y
        aa += x * x
        bb += y * y
        ab += x * y
    }

    /// SSIM of the window from population means, variances and covariance.
    func ssim(count: Int) -> Double {
        let c1 = (0.01 * 255) * (0.01 * 255)
        let c2 = (0.03 * 255) * (0.03 * 255)
        let n = Double(count)
        let meanA = Double(a) / n
        let meanB = Double(b) / n
        let varianceA = Double(aa) / n - meanA * meanA
        let varianceB = Double(bb) / n - meanB * meanB
        let covariance = Double(ab) / n - meanA * meanB
        return ((2 * meanA * meanB + c1) * (2 * covariance + c2))
            / ((meanA * meanA + meanB * meanB + c1) * (varianceA + varianceB + c2))
    }
}
