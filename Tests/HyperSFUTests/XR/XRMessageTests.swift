import Testing

@testable import HyperSFU

/// The binary messages of docs/xr.md: exact layouts, and every malformed one dropped with its reason, never a trap.
@Suite struct XRMessageTests {
    static let pose = XRPose(
        id: 7, sampleTime: 12_345.678, position: SIMD3(0.25, 1.5, -0.75), orientation: SIMD4(0, 0.258819, 0, 0.965926),
        eyeSeparation: 0.0632, axes: SIMD3(0.5, -1, 0), buttons: 1)

    @Test func poseLayoutIsTheDocumentedOne() throws {
        let bytes = Self.pose.encoded
        #expect(bytes.count == 60)
        #expect(bytes[0] == 1 && bytes[1] == 1)
        #expect(bytes[2] == 0x78 && bytes[3] == 0x02)  // 632 tenths of a millimetre
        #expect(Array(bytes[4..<8]) == [7, 0, 0, 0])
        #expect(Array(bytes[8..<16]) == withUnsafeBytes(of: 12_345.678.bitPattern.littleEndian, Array.init))
        #expect(Array(bytes[56..<60]) == [0, 0, 0, 0])
        guard case .pose(let decoded) = try XRMessage.decode(bytes) else {
            Issue.record("not a pose")
            return
        }
        #expect(decoded.id == 7 && decoded.sampleTime == 12_345.678 && decoded.buttons == 1)
        #expect(abs(decoded.eyeSeparation - 0.0632) < 1e-9)
        #expect(abs(decoded.position.y - 1.5) < 1e-6 && abs(decoded.orientation.w - 0.965926) < 1e-6)
        #expect(decoded.axes == SIMD3(0.5, -1, 0))
    }

    @Test func zeroEyeSeparationMeansTheDefault() throws {
        var bytes = Self.pose.encoded
        bytes[2] = 0
        bytes[3] = 0
        guard case .pose(let decoded) = try XRMessage.decode(bytes) else { return }
        #expect(decoded.eyeSeparation == XRPose.defaultEyeSeparation)
    }

    @Test func reportRoundTrips() throws {
        let report = XRClientReport(
            repeatedFrames: 3, poseID: 99, motionToPhotonMilliseconds: 41.5, residualRotationDegrees: 0.75)
        #expect(report.encoded.count == 16)
        #expect(try XRMessage.decode(report.encoded) == .report(report))
    }

    @Test func frameTimingLayoutIsTheDocumentedOne() {
        let timing = XRFrameTiming(
            poseID: 5, rtpTimestamp: 0xDEAD_BEEF, poseToRenderStartMilliseconds: 1, renderMilliseconds: 2,
            encodeMilliseconds: 3, poseToWireMilliseconds: 6.5, position: SIMD3(0.25, -1, 2),
            orientation: SIMD4(0, 0.5, 0, 0.75))
        let bytes = timing.encoded
        #expect(bytes.count == XRFrameTiming.byteCount && bytes.count == 56)
        #expect(bytes[0] == 3)
        #expect(Array(bytes[8..<12]) == [0xEF, 0xBE, 0xAD, 0xDE])
        func float(at offset: Int) -> Float {
            Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) })
        }
        #expect(float(at: 24) == 6.5)
        #expect([28, 32, 36].map(float) == [0.25, -1, 2])
        #expect([40, 44, 48, 52].map(float) == [0, 0.5, 0, 0.75])
    }

    @Test func malformedMessagesAreRejectedWithTheirReason() {
        func rejection(_ bytes: [UInt8]) -> XRMessage.Rejection? {
            do {
                _ = try XRMessage.decode(bytes)
                return nil
            } catch {
                return error
            }
        }
        #expect(rejection([]) == .length)
        #expect(rejection([9] + Array(repeating: 0, count: 59)) == .type)
        #expect(rejection(Array(Self.pose.encoded.dropLast())) == .length)
        #expect(rejection(Self.pose.encoded + [0]) == .length)
        var nan = Self.pose
        nan.position.x = .nan
        #expect(rejection(nan.encoded) == .value)
        var far = Self.pose
        far.position.z = 5_000
        #expect(rejection(far.encoded) == .value)
        var zero = Self.pose
        zero.orientation = .zero
        #expect(rejection(zero.encoded) == .value)
        var fast = Self.pose
        fast.axes.x = 3
        #expect(rejection(fast.encoded) == .value)
        var past = Self.pose
        past.sampleTime = -1
        #expect(rejection(past.encoded) == .value)
        let forgedReport = XRClientReport(
            repeatedFrames: 0, poseID: 1, motionToPhotonMilliseconds: -5, residualRotationDegrees: 0)
        #expect(rejection(forgedReport.encoded) == .value)
    }

    @Test func randomBytesNeverTrap() {
        var generator = SystemRandomNumberGenerator()
        var outcomes = 0
        for _ in 0..<20_000 {
            let length = [0, 1, 15, 16, 17, 59, 60, 61, 200].randomElement(using: &generator)!
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if !bytes.isEmpty { bytes[0] = UInt8.random(in: 0...3, using: &generator) }
            if (try? XRMessage.decode(bytes)) != nil { outcomes += 1 }
        }
        #expect(outcomes < 20_000)
    }
}
