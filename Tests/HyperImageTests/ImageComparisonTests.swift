import Foundation
import HyperImage
import Testing

struct ImageComparisonTests {
    @Test func identicalImagesHaveInfinitePSNR() {
        let image = TestImages.random(width: 20, height: 10, seed: 7)
        #expect(ImageComparison.psnr(image, image) == .infinity)
        let frame = I420Frame(converting: image)
        #expect(ImageComparison.psnr(luma: frame, frame) == .infinity)
        let planes = ImageComparison.psnr(planesOf: frame, frame)
        #expect(planes.y == .infinity && planes.u == .infinity && planes.v == .infinity)
    }

    @Test func knownMeanSquaredErrorGivesExpectedPSNR() {
        let a = RGBAImage(width: 8, height: 8, fill: (100, 100, 100, 255))
        let b = RGBAImage(width: 8, height: 8, fill: (110, 90, 110, 0))
        // MSE 100 over R, G, B; alpha is ignored.
        #expect(abs(ImageComparison.psnr(a, b) - 10 * log10(255.0 * 255.0 / 100.0)) < 1e-9)
        #expect(abs(ImageComparison.psnr(a, b) - 28.130_803_608_679_1) < 1e-9)
        let onlyRed = RGBAImage(width: 8, height: 8, fill: (110, 100, 100, 255))
        #expect(abs(ImageComparison.psnr(a, onlyRed) - 10 * log10(255.0 * 255.0 * 3 / 100.0)) < 1e-9)
    }

    @Test func lumaPSNRWithKnownError() {
        let frame = I420Frame(converting: TestImages.gradient(width: 32, height: 16))
        var shifted = frame
        for y in 0..<16 {
            for x in 0..<32 {
                let index = frame.layout.yOffset + y * frame.layout.yStride + x
                shifted.bytes[index] = frame.bytes[index] < 128 ? frame.bytes[index] + 5 : frame.bytes[index] - 5
            }
        }
        let expected = 10 * log10(255.0 * 255.0 / 25.0)
        #expect(abs(ImageComparison.psnr(luma: frame, shifted) - expected) < 1e-9)
        let planes = ImageComparison.psnr(planesOf: frame, shifted)
        #expect(abs(planes.y - expected) < 1e-9 && planes.u == .infinity && planes.v == .infinity)
        #expect(ImageComparison.maxAbsoluteDifference(frame, shifted) == 5)
    }

    @Test func planePSNRSeparatesChroma() {
        let frame = I420Frame(converting: TestImages.random(width: 16, height: 16, seed: 8))
        var changed = frame
        changed.bytes[frame.layout.vOffset + 3 * frame.layout.uvStride + 2] ^= 0x10
        let planes = ImageComparison.psnr(planesOf: frame, changed)
        #expect(planes.y == .infinity && planes.u == .infinity)
        #expect(abs(planes.v - 10 * log10(255.0 * 255.0 * 64 / 256.0)) < 1e-9)
        #expect(ImageComparison.maxAbsoluteDifference(frame, changed) == 16)
    }

    @Test func maxAbsoluteDifferenceIgnoresPadding() {
        let image = TestImages.random(width: 10, height: 6, seed: 9)
        let frame = I420Frame(converting: image, strideAlignment: 16)
        var padded = frame
        for row in 0..<frame.layout.height {
            padded.bytes[frame.layout.yOffset + row * frame.layout.yStride + frame.layout.width] = 200
        }
        padded.bytes[frame.layout.byteCount - 1] = 77
        #expect(padded != frame)
        #expect(ImageComparison.maxAbsoluteDifference(frame, padded) == 0)
        #expect(ImageComparison.psnr(luma: frame, padded) == .infinity)
        let tight = I420Frame(converting: image, strideAlignment: 1)
        #expect(ImageComparison.maxAbsoluteDifference(frame, tight) == 0)
    }

    @Test func ssimOfIdenticalFramesIsOne() {
        let frame = I420Frame(converting: TestImages.random(width: 64, height: 48, seed: 10))
        #expect(abs(ImageComparison.ssim(luma: frame, frame) - 1) < 1e-12)
        let tiny = I420Frame(converting: TestImages.random(width: 4, height: 2, seed: 11))
        #expect(abs(ImageComparison.ssim(luma: tiny, tiny) - 1) < 1e-12)
    }

    @Test func ssimDecreasesWithNoise() {
        let frame = I420Frame(converting: TestImages.gradient(width: 128, height: 96))
        var scores: [Double] = []
        for amplitude in [2, 8, 24, 64] {
            var generator = SeededGenerator(seed: UInt64(amplitude))
            var noisy = frame
            for y in 0..<frame.layout.height {
                for x in 0..<frame.layout.width {
                    let index = frame.layout.yOffset + y * frame.layout.yStride + x
                    let value = Int(frame.bytes[index]) + Int.random(in: -amplitude...amplitude, using: &generator)
                    noisy.bytes[index] = UInt8(min(max(value, 0), 255))
                }
            }
            scores.append(ImageComparison.ssim(luma: frame, noisy))
        }
        #expect(scores.allSatisfy { $0 < 1 && $0 > 0 })
        #expect(zip(scores, scores.dropFirst()).allSatisfy { $0 > $1 }, "SSIM by noise: \(scores)")
    }

    @Test func ssimPenalisesStructureMoreThanPSNRDoes() {
        let frame = I420Frame(converting: TestImages.gradient(width: 64, height: 64))
        var brighter = frame
        var inverted = frame
        for y in 0..<64 {
            for x in 0..<64 {
                let index = frame.layout.yOffset + y * frame.layout.yStride + x
                brighter.bytes[index] = frame.bytes[index] &+ 10
                inverted.bytes[index] = 255 - frame.bytes[index]
            }
        }
        #expect(ImageComparison.ssim(luma: frame, brighter) > 0.95)
        #expect(ImageComparison.ssim(luma: frame, inverted) < 0.5)
    }
}
