import Foundation
import HyperGeometry
import HyperImage
import HyperRender
import HyperScene
import Testing

/// An XR head pose moves the picture as a head would, and the GPU draws it as the CPU reference does.
@Suite struct HeadPoseTests {
    private static func stereoPlan() throws -> RenderPlan {
        var scene = try RenderFixtures.scene("tesseract")
        scene.camera.stereo = true
        scene.camera.fovDegrees = 90
        return try RenderFixtures.plan(scene, width: 320, height: 120)
    }

    /// A rotation of `degrees` about the vertical axis as a quaternion (x, y, z, w): positive turns the head left.
    private static func yaw(_ degrees: Double) -> SIMD4<Double> {
        let half = degrees * .pi / 360
        return SIMD4(0, sin(half), 0, cos(half))
    }

    @Test func identityPoseIsTheCameraPicture() throws {
        let reference = CPUReferenceRenderer(plan: try Self.stereoPlan())
        let plain = try reference.render(time: 0.4)
        let posed = try reference.render(time: 0.4, pose: HeadPose(eyeSeparation: 0.064))
        #expect(posed == plain)
    }

    @Test func gpuMatchesTheReferenceFromAPose() throws {
        let plan = try Self.stereoPlan()
        let pose = HeadPose(
            position: SIMD3(0.2, -0.1, 0.5), orientation: Self.yaw(12), eyeSeparation: 0.07,
            sceneRotation: Matrix4.rotation(in: .xw, by: 0.6))
        let gpu = try #require(try RenderFixtures.gpu(plan).render(time: 0.4, pose: pose).rgba)
        let cpu = try CPUReferenceRenderer(plan: plan).render(time: 0.4, pose: pose)
        #expect(ImageComparison.psnr(gpu, cpu) >= 40)
    }

    /// Turning the head left moves the object to the right of the picture; stepping back makes it smaller.
    @Test func turningAndSteppingMoveTheObjectAsAHeadWould() throws {
        let reference = CPUReferenceRenderer(plan: try Self.stereoPlan())
        let background = try reference.render(time: 0)[0, 0]
        func extent(_ pose: HeadPose) throws -> (centre: Double, width: Int) {
            let image = try reference.render(time: 0, pose: pose)
            // The left eye's half: columns where anything but background was drawn.
            let columns = (0..<image.width / 2).filter { x in
                (0..<image.height).contains { y in image[x, y] != background }
            }
            guard let first = columns.first, let last = columns.last else { return (-1, 0) }
            return (Double(first + last) / 2, last - first)
        }
        let straight = try extent(.identity)
        let left = try extent(HeadPose(orientation: Self.yaw(10)))
        let back = try extent(HeadPose(position: SIMD3(0, 0, 1.5)))
        #expect(left.centre > straight.centre + 5, "\(left) vs \(straight)")
        #expect(back.width < straight.width, "\(back) vs \(straight)")
    }

    /// A zero or non-finite orientation is read as looking ahead, never as a broken matrix.
    @Test func degenerateOrientationLooksAhead() throws {
        let reference = CPUReferenceRenderer(plan: try Self.stereoPlan())
        let plain = try reference.render(time: 0.2)
        #expect(try reference.render(time: 0.2, pose: HeadPose(orientation: .zero)) == plain)
        #expect(try reference.render(time: 0.2, pose: HeadPose(orientation: SIMD4(.nan, 0, 0, 1))) == plain)
    }
}
