import Foundation
public import HyperImage

/// Renders the same picture as the GPU pipeline with plain Swift on the CPU, from the same `RenderPlan`:
/// the reference that tests compare the Vulkan output against, and the yardstick `bench render` times the
/// Vulkan path against. Simple and independent of Vulkan.
public struct CPUReferenceRenderer: Sendable {
    public let plan: RenderPlan

    public init(plan: RenderPlan) {
        self.plan = plan
    }

    /// Renders the frame at `time`, seen from `pose` when given (an XR head). With `threads` above one, horizontal
    /// bands of rows are drawn at once, each pixel still composited in primitive order, so the picture is the same for
    /// any thread count.
    public func render(time: Double, threads: Int = 1, pose: HeadPose? = nil) throws(RenderError) -> RGBAImage {
        let geometry = try plan.geometry(at: time)
        let width = plan.options.width
        let height = plan.options.height
        let layout = I420Layout(width: width, height: height)
        let frame = plan.frameUniform(geometry: geometry, layout: layout, pose: pose)
        let objects = plan.objectUniforms(at: time, pose: pose)
        let projected = Self.transform(geometry: geometry, objects: objects, frame: frame)
        let bandCount = max(1, min(threads, height))
        let bands = (0..<bandCount).map { band in (band * height / bandCount)..<((band + 1) * height / bandCount) }
        let pixels = BandResults(count: bandCount)
        DispatchQueue.concurrentPerform(iterations: bandCount) { band in
            var canvas = CompositingCanvas(width: width, rows: bands[band], frame: frame)
            for primitive in geometry.primitives {
                canvas.draw(primitive, projected: projected)
            }
            pixels.store(canvas.resolve(), at: band)
        }
        return RGBAImage(width: width, height: height, pixels: pixels.joined())
    }

    /// The transform stage (Shaders/transform.comp), line for line.
    static func transform(geometry: SceneGeometry, objects: [ObjectUniform], frame: FrameUniform) -> [ProjectedVertex] {
        let vertexCount = geometry.vertices.count
        let eyes = Int(frame.eyeCount)
        var out: [ProjectedVertex] = []
        out.reserveCapacity(vertexCount * eyes)
        let view = frame.view
        for eye in 0..<eyes {
            for vertex in geometry.vertices {
                let object = objects[Int(vertex.object.x)]
                let m = object.rotation
                let s = object.scale
                let px = vertex.position.x * s
                let py = vertex.position.y * s
                let pz = vertex.position.z * s
                let pw = vertex.position.w * s
                let x = m[0] * px + m[4] * py + m[8] * pz + m[12] * pw + object.position.x
                let y = m[1] * px + m[5] * py + m[9] * pz + m[13] * pw + object.position.y
                let z = m[2] * px + m[6] * py + m[10] * pz + m[14] * pw + object.position.z
                let w = m[3] * px + m[7] * py + m[11] * pz + m[15] * pw + object.position.w
                let k: Float
                switch frame.projectionKind {
                case 0: k = frame.projectionParameter / max(frame.projectionParameter - w, 0.05)
                case 1: k = 1 / max(1 - w / frame.projectionParameter, 0.05)
                default: k = 1
                }
                let qx = x * k
                let qy = y * k
                let qz = z * k
                var cx = view[0] * qx + view[4] * qy + view[8] * qz + view[12]
                let cy = view[1] * qx + view[5] * qy + view[9] * qz + view[13]
                let cz = view[2] * qx + view[6] * qy + view[10] * qz + view[14]
                if eyes == 2 {
                    cx += (eye == 0 ? 1 : -1) * frame.halfEyeSeparation
                }
                let depth = -cz
                let safeDepth = max(depth, 0.05)
                let eyeWidth = Float(frame.width) / Float(eyes)
                let sx = eyeWidth * (Float(eye) + 0.5) + frame.focal * cx / safeDepth
                let sy = Float(frame.height) * 0.5 - frame.focal * cy / safeDepth
                let reference = 0.5 * (frame.depthNear + frame.depthFar)
                let range = max(object.wMax - object.wMin, 1e-6)
                let color = Self.color(object, at: (w - object.wMin) / range)
                let cueSpan = max(frame.depthFar - frame.depthNear, 1e-6)
                let cue = 1 - frame.depthCue * min(max((depth - frame.depthNear) / cueSpan, 0), 1)
                out.append(
                    ProjectedVertex(
                        x: sx,
                        y: sy,
                        depth: depth,
                        thickness: reference / safeDepth,
                        r: color.x * cue,
                        g: color.y * cue,
                        b: color.z * cue,
                        visible: depth > 0.05
                    )
                )
            }
        }
        return out
    }

    static func color(_ object: ObjectUniform, at t: Float) -> SIMD3<Float> {
        let count = object.stops.count
        let x = min(max(t, 0), 1) * Float(count - 1)
        let index = min(Int(x.rounded(.down)), count - 2)
        let f = x - Float(index)
        let a = object.stops[index]
        let b = object.stops[index + 1]
        return SIMD3(a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f, a.z + (b.z - a.z) * f)
    }
}

/// The RGBA rows of each band, written by one thread each and joined in band order.
private final class BandResults: @unchecked Sendable {
    private var bands: [[UInt8]]
    private let lock = NSLock()

    init(count: Int) {
        bands = Array(repeating: [], count: count)
    }

    func store(_ pixels: [UInt8], at band: Int) {
        lock.withLock { bands[band] = pixels }
    }

    func joined() -> [UInt8] {
        lock.withLock { Array(bands.joined()) }
    }
}
