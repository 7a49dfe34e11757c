import Foundation
import HyperGeometry
import HyperScene
import Testing

/// Checks every shipped scene in assets/scenes: it loads, is named after its file, loops seamlessly and is framed.
struct SceneFileTests {
    @Test func theShippedScenesArePresent() {
        #expect(RepositoryScenes.files.count >= 10)
    }

    @Test(arguments: RepositoryScenes.files)
    func sceneLoadsAndIsNamedAfterItsFile(_ file: URL) throws {
        let scene = try SceneLoader.load(contentsOf: file)
        #expect(scene.name == file.deletingPathExtension().lastPathComponent)
        #expect(!scene.description.isEmpty)
        #expect(!scene.objects.isEmpty)
    }

    @Test(arguments: RepositoryScenes.files)
    func sceneLoopsSeamlessly(_ file: URL) throws {
        let scene = try SceneLoader.load(contentsOf: file)
        let duration = try #require(scene.duration)
        let points = [Vector4(1, 0, 0, 0), Vector4(0, 1, 0, 0), Vector4(0, 0, 1, 0), Vector4(0, 0, 0, 1)]
        for object in scene.objects {
            for (start, end) in zip(object.transform(points, at: 0), object.transform(points, at: duration)) {
                #expect((end - start).length < 1e-9)
            }
        }
    }

    /// Every vertex stays inside the 16:9 frame at all times, and single-object scenes fill a good part of it.
    @Test(arguments: RepositoryScenes.files)
    func cameraFramesTheScene(_ file: URL) throws {
        let scene = try SceneLoader.load(contentsOf: file)
        let frame = Framing(camera: scene.camera, aspect: 16.0 / 9.0)
        let duration = scene.duration ?? 60
        let polytopes = scene.objects.map { $0.shape.makePolytope() }
        var largest = (height: 0.0, width: 0.0)
        for step in 0...120 {
            let time = duration * Double(step) / 120
            for (object, polytope) in zip(scene.objects, polytopes) {
                for vertex in object.transform(polytope.vertices, at: time) {
                    let image = frame.normalizedDeviceCoordinates(scene.projection.projection4D.project(vertex))
                    largest = (max(largest.height, abs(image.y)), max(largest.width, abs(image.x)))
                }
            }
        }
        #expect(largest.height < 0.92 && largest.width < 0.92, "\(scene.name) overflows: \(largest)")
        if scene.objects.count == 1, scene.projection.sliceW == nil {
            #expect(largest.height > 0.55, "\(scene.name) is small: \(largest)")
        }
    }

    @Test func defaultSceneFillsAboutSeventyPercentOfTheHeight() throws {
        let scene = try SceneCatalog(directory: RepositoryScenes.directory).scene(named: SceneCatalog.defaultSceneName)
        #expect(scene.projection == .perspective(eyeW: 3))
        #expect(scene.style.faces && scene.style.faceOpacity <= 0.2)
        let frame = Framing(camera: scene.camera, aspect: 16.0 / 9.0)
        let vertices = scene.objects[0].shape.makePolytope().vertices
        var height = 0.0
        for step in 0...240 {
            let time = (scene.duration ?? 60) * Double(step) / 240
            for vertex in scene.objects[0].transform(vertices, at: time) {
                height = max(
                    height, abs(frame.normalizedDeviceCoordinates(scene.projection.projection4D.project(vertex)).y))
            }
        }
        #expect((0.62...0.78).contains(height))
    }
}

/// A pinhole view of the camera: where a 3D point lands in normalized device coordinates (±1 at the frame edges).
struct Framing {
    let camera: Camera
    let aspect: Double
    private let forward: Vector3
    private let right: Vector3
    private let up: Vector3
    private let tangent: Double

    init(camera: Camera, aspect: Double) {
        self.camera = camera
        self.aspect = aspect
        forward = (camera.target - camera.position).normalized()
        right = forward.cross(camera.up).normalized()
        up = right.cross(forward)
        tangent = tan(camera.fovDegrees * .pi / 360)
    }

    func normalizedDeviceCoordinates(_ point: Vector3) -> (x: Double, y: Double) {
        let relative = point - camera.position
        let depth = relative.dot(forward)
        return (relative.dot(right) / depth / (tangent * aspect), relative.dot(up) / depth / tangent)
    }
}
