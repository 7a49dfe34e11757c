import Foundation
public import HyperImage

/// Renders the same picture as the GPU pipeline with plain Swift on the CPU, from the same `RenderPlan`:
/// the reference that tests compare the Vulkan output against. Slow, simple and independent of Vulkan.
public struct CPUReferenceRenderer: Sendable {
    public let plan: RenderPlan

    public init(plan: RenderPlan) {
        self.plan = plan
    }

    public func render(time: Double) throws(RenderError) -> RGBAImage {
        let geometry = try plan.geometry(at: time)
        let layout = I420Layout(width: plan.options.width, height: plan.options.height)
        let frame = plan.frameUniform(geometry: geometry, layout: layout)
        let objects = plan.objectUniforms(at: time)
        let projected = Self.transform(geometry: geometry, objects: objects, frame: frame)
        var canvas = CompositingCanvas(width: plan.options.width, height: plan.options.height, frame: frame)
        for primitive in geometry.primitives {
            canvas.draw(primitive, projected: projected)
        }
        return canvas.resolve()
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
