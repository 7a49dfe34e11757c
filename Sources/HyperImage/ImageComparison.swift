import Foundation

/// Objective image-quality metrics for comparing renders, encoder round trips and golden images.
/// Both operands must have the same dimensions; stride padding in I420 frames is never compared.
public enum ImageComparison {
    /// Peak signal-to-noise ratio in dB over R, G and B (alpha ignored), peak 255; `.infinity` when identical.
    public static func psnr(_ a: RGBAImage, _ b: RGBAImage) -> Double {
        precondition(a.width == b.width && a.height == b.height, "PSNR needs equal sizes")
        var squaredError = 0
        a.pixels.withUnsafeBufferPointer { lhs in
            b.pixels.withUnsafeBufferPointer { rhs in
                for base in stride(from: 0, to: lhs.count, by: 4) {
                    for channel in base..<base + 3 {
                        let difference = Int(lhs[channel]) - Int(rhs[channel])
                        squaredError += difference * difference
                    }
                }
            }
        }
        return psnr(squaredError: squaredError, samples: 3 * a.width * a.height)
    }

    /// PSNR in dB of the Y plane; `.infinity` when identical.
    public static func psnr(luma a: I420Frame, _ b: I420Frame) -> Double {
        PlanePair.all(a, b)[0].psnr
    }

    /// PSNR in dB of each of the Y, U and V planes separately.
    public static func psnr(planesOf a: I420Frame, _ b: I420Frame) -> (y: Double, u: Double, v: Double) {
        let planes = PlanePair.all(a, b)
        return (planes[0].psnr, planes[1].psnr, planes[2].psnr)
    }

    /// Mean SSIM (Wang et al. 2004) of the Y plane over 8x8 windows stepped by 4, with C1 = (0.01*255)^2 and
    /// C2 = (0.03*255)^2; 1 when identical. Planes smaller than 8 in a direction use one window spanning it.
    public static func ssim(luma a: I420Frame, _ b: I420Frame) -> Double {
        PlanePair.all(a, b)[0].ssim
    }

    /// The largest absolute difference between corresponding visible Y, U or V samples.
    public static func maxAbsoluteDifference(_ a: I420Frame, _ b: I420Frame) -> Int {
        PlanePair.all(a, b).map(\.maxAbsoluteDifference).max() ?? 0
    }

    static func psnr(squaredError: Int, samples: Int) -> Double {
        guard squaredError > 0 else { return .infinity }
        let meanSquaredError = Double(squaredError) / Double(samples)
        return 10 * log10(255 * 255 / meanSquaredError)
    }
}
