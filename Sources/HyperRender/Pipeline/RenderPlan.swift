import Foundation
import HyperGeometry
import HyperImage
public import HyperScene

/// Everything about a scene that does not change from frame to frame (polytopes, camera, depth range),
/// and the per-frame inputs it produces for the GPU renderer and the CPU reference alike.
public struct RenderPlan: Sendable {
    public let scene: Scene
    public let options: RenderOptions
    let polytopes: [Polytope]
    let eyeCount: Int
    /// World → camera: the scene camera's look-at; an XR frame puts the head pose after it (`HeadPose`).
    let view: Matrix4
    let focal: Float
    let depthNear: Float
    let depthFar: Float
    let staticGeometry: SceneGeometry?

    static let tileSize = 16

    public init(scene: Scene, options: RenderOptions) throws(RenderError) {
        self.scene = scene
        self.options = options
        self.polytopes = scene.objects.map { $0.shape.makePolytope() }
        self.eyeCount = options.camera.stereo ? 2 : 1
        let camera = options.camera
        self.view = Self.lookAt(eye: camera.position, target: camera.target, up: camera.up)
        self.focal = Float(Double(options.height) / 2 / tan(camera.fovDegrees * .pi / 360))
        let distance = (camera.target - camera.position).length
        let radius = min(Self.boundingRadius(scene: scene, projection: options.projection), distance * 0.95)
        self.depthNear = Float(max(distance - radius, 0.05))
        self.depthFar = Float(distance + radius)
        if case .slice = options.projection {
            self.staticGeometry = nil
        } else {
            self.staticGeometry = try SceneGeometry(polytopes: polytopes, style: options.style, eyeCount: eyeCount)
        }
    }

    public var isSlice: Bool { staticGeometry == nil }

    /// The geometry to draw at `time`: fixed for projections, re-cut every frame for hyperplane slices.
    func geometry(at time: Double) throws(RenderError) -> SceneGeometry {
        if let staticGeometry { return staticGeometry }
        guard case .slice(let w) = options.projection else { preconditionFailure("no geometry") }
        let sliced = zip(scene.objects, polytopes).map { object, polytope in
            var moved = polytope
            moved.vertices = polytope.vertices.map { object.transform($0, at: time) }
            return moved.sliced(atW: w)
        }
        var style = options.style
        style.faces = false
        return try SceneGeometry(polytopes: sliced, style: style, eyeCount: eyeCount)
    }

    /// Rotation, placement and colour map of each object at `time`, turned first by the XR viewer's scene rotation
    /// (`pose`); slices arrive already in world space (and are not turned).
    func objectUniforms(at time: Double, pose: HeadPose? = nil) -> [ObjectUniform] {
        let sceneRotation = pose?.sceneRotation ?? .identity
        return scene.objects.map { object in
            let inWorld = isSlice
            let range = object.wRange
            return ObjectUniform(
                rotation: inWorld
                    ? Matrix4.identity.columnMajorFloats
                    : (object.rotation(at: time) * sceneRotation).columnMajorFloats,
                position: inWorld
                    ? .zero
                    : SIMD4(
                        Float(object.position.x),
                        Float(object.position.y),
                        Float(object.position.z),
                        Float(object.position.w)
                    ),
                stops: object.colorMap.stops.map { SIMD3(Float($0.r), Float($0.g), Float($0.b)) },
                scale: inWorld ? 1 : Float(object.scale),
                wMin: Float(range.lowerBound),
                wMax: Float(range.upperBound)
            )
        }
    }

    var tilesX: Int { (options.width + Self.tileSize - 1) / Self.tileSize }
    var tilesY: Int { (options.height + Self.tileSize - 1) / Self.tileSize }

    /// The frame's shader parameters; with `pose`, seen from that head (and its eye separation) instead of the camera.
    func frameUniform(geometry: SceneGeometry, layout: I420Layout, pose: HeadPose? = nil) -> FrameUniform {
        let style = options.style
        let pixelScale = Float(options.height) / 1080
        let (kind, parameter): (Float, Float) =
            switch options.projection {
            case .perspective(let eyeW): (0, Float(eyeW))
            case .stereographic(let radius): (1, Float(radius))
            case .orthographic: (2, 0)
            case .slice(let w): (3, Float(w))
            }
        return FrameUniform(
            view: (pose.map { $0.inverseTransform * view } ?? view).columnMajorFloats,
            background: SIMD3(Float(scene.background.r), Float(scene.background.g), Float(scene.background.b)),
            width: UInt32(options.width),
            height: UInt32(options.height),
            eyeCount: UInt32(eyeCount),
            vertexCount: UInt32(geometry.vertices.count),
            tilesX: UInt32(tilesX),
            tilesY: UInt32(tilesY),
            wordsPerTile: UInt32(max(1, (geometry.primitives.count + 31) / 32)),
            primitiveCount: UInt32(geometry.primitives.count),
            yStride: UInt32(layout.yStride),
            uvStride: UInt32(layout.uvStride),
            uOffset: UInt32(layout.uOffset),
            vOffset: UInt32(layout.vOffset),
            projectionKind: kind,
            projectionParameter: parameter,
            focal: focal,
            halfEyeSeparation: Float((pose?.eyeSeparation ?? options.camera.eyeSeparation) / 2),
            edgeRadius: Float(style.edgeWidth / 2) * pixelScale,
            vertexRadius: Float(style.vertexRadius) * pixelScale,
            edgeOpacity: Float(style.edgeOpacity),
            faceOpacity: Float(style.faceOpacity),
            antialias: style.antialias ? 1 : 0,
            depthCue: Float(style.depthCue),
            depthNear: depthNear,
            depthFar: depthFar,
            groupStarts: geometry.groupStarts
        )
    }

    /// A bound on how far from the origin any projected point of the scene can land, over all rotations.
    static func boundingRadius(scene: Scene, projection: SceneProjection) -> Double {
        scene.objects.map { object in
            let reach = object.scale
            let centre = Vector3(object.position.x, object.position.y, object.position.z).length
            let worstW = object.position.w + reach
            let magnification: Double =
                switch projection {
                case .perspective(let eyeW): eyeW / max(eyeW - worstW, 0.05)
                case .stereographic(let radius): min(1 / max(1 - worstW / radius, 0.05), 4)
                case .orthographic, .slice: 1
                }
            return (centre + reach) * magnification
        }.max() ?? 1
    }

    /// A right-handed look-at view matrix (camera looks down −z), column major.
    static func lookAt(eye: Vector3, target: Vector3, up: Vector3) -> Matrix4 {
        let forward = (target - eye).normalized()
        let side = forward.cross(up).normalized()
        let upward = side.cross(forward)
        let rows: [[Double]] = [
            [side.x, side.y, side.z, -side.dot(eye)],
            [upward.x, upward.y, upward.z, -upward.dot(eye)],
            [-forward.x, -forward.y, -forward.z, forward.dot(eye)],
            [0, 0, 0, 1],
        ]
        return Matrix4(rows: rows)
    }
}
