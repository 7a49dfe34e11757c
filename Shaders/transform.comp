#version 450
// Stage 1: rotate every vertex in 4D, project 4D→3D (perspective | stereographic | orthographic; slice
// vertices arrive pre-cut), then 3D→2D through the camera for each eye. One invocation per (eye, vertex).
layout(local_size_x = 64) in;

struct FrameParams {
    mat4 view;
    vec4 background;
    uvec4 size;        // width, height, eyeCount, vertexCount
    uvec4 tiles;       // tilesX, tilesY, wordsPerTile, primitiveCount
    uvec4 i420;        // yStride, uvStride, uOffset, vOffset (bytes)
    vec4 projection;   // kind, parameter, focal length (px), half eye separation
    vec4 style;        // edge radius (px), vertex radius (px), edge opacity, face opacity
    vec4 shading;      // antialias, depth cue, depth near, depth far
};
struct ObjectParams {
    mat4 rotation;
    vec4 position;
    vec4 stops[8];
    vec4 scaleAndRange; // scale, wMin, wMax, stop count
};
struct ModelVertex {
    vec4 position;
    uvec4 object;       // x: object index
};
struct ProjectedVertex {
    vec4 screen;        // x, y (px), depth (camera units), thickness scale
    vec4 color;         // rgb, 1 when in front of the camera else 0
};

layout(std430, binding = 0) readonly buffer Frame { FrameParams frame; };
layout(std430, binding = 1) readonly buffer Objects { ObjectParams objects[]; };
layout(std430, binding = 2) readonly buffer Vertices { ModelVertex vertices[]; };
layout(std430, binding = 3) writeonly buffer Projected { ProjectedVertex projected[]; };

const float kMinDenominator = 0.05;
const float kNearPlane = 0.05;

vec3 project4D(vec4 p) {
    uint kind = uint(frame.projection.x);
    float parameter = frame.projection.y;
    if (kind == 0u) {
        return p.xyz * (parameter / max(parameter - p.w, kMinDenominator));
    } else if (kind == 1u) {
        return p.xyz * (1.0 / max(1.0 - p.w / parameter, kMinDenominator));
    }
    return p.xyz;
}

vec3 colorAt(ObjectParams o, float t) {
    uint count = uint(o.scaleAndRange.w);
    float x = clamp(t, 0.0, 1.0) * float(count - 1u);
    uint i = min(uint(floor(x)), count - 2u);
    return mix(o.stops[i].rgb, o.stops[i + 1u].rgb, x - float(i));
}

void main() {
    uint vertexCount = frame.size.w;
    uint index = gl_GlobalInvocationID.x;
    if (index >= vertexCount * frame.size.z) {
        return;
    }
    uint eye = index / vertexCount;
    ModelVertex v = vertices[index - eye * vertexCount];
    ObjectParams o = objects[v.object.x];
    vec4 p = o.rotation * (v.position * o.scaleAndRange.x) + o.position;
    vec3 q = project4D(p);
    vec3 camera = (frame.view * vec4(q, 1.0)).xyz;
    if (frame.size.z == 2u) {
        camera.x += (eye == 0u ? 1.0 : -1.0) * frame.projection.w;
    }
    float depth = -camera.z;
    float safeDepth = max(depth, kNearPlane);
    float eyeWidth = float(frame.size.x) / float(frame.size.z);
    float focal = frame.projection.z;
    float sx = eyeWidth * (float(eye) + 0.5) + focal * camera.x / safeDepth;
    float sy = float(frame.size.y) * 0.5 - focal * camera.y / safeDepth;
    float near = frame.shading.z;
    float far = frame.shading.w;
    float reference = 0.5 * (near + far);
    float range = max(o.scaleAndRange.z - o.scaleAndRange.y, 1e-6);
    vec3 color = colorAt(o, (p.w - o.scaleAndRange.y) / range);
    float cue = 1.0 - frame.shading.y * clamp((depth - near) / max(far - near, 1e-6), 0.0, 1.0);
    projected[index].screen = vec4(sx, sy, depth, reference / safeDepth);
    projected[index].color = vec4(color * cue, depth > kNearPlane ? 1.0 : 0.0);
}
