#version 450
// Stage 2: bin every primitive (vertex disc, edge, triangle) into the 16×16 screen tiles its bounding box
// touches, as one bit per primitive per tile, so the raster stage visits primitives in index order.
layout(local_size_x = 64) in;

struct FrameParams {
    mat4 view;
    vec4 background;
    uvec4 size;
    uvec4 tiles;
    uvec4 i420;
    vec4 projection;
    vec4 style;
    vec4 shading;
};
struct ProjectedVertex {
    vec4 screen;
    vec4 color;
};

layout(std430, binding = 0) readonly buffer Frame { FrameParams frame; };
layout(std430, binding = 3) readonly buffer Projected { ProjectedVertex projected[]; };
layout(std430, binding = 4) readonly buffer Primitives { uvec4 primitives[]; };  // kind | eye << 8, a, b, c
layout(std430, binding = 5) coherent buffer TileBits { uint tileBits[]; };

const uint kTileSize = 16u;
const float kTileHalfDiagonal = 11.32;  // 8·√2, rounded up

float cross2(vec2 u, vec2 v) {
    return u.x * v.y - u.y * v.x;
}

void main() {
    uint index = gl_GlobalInvocationID.x;
    if (index >= frame.tiles.w) {
        return;
    }
    uvec4 primitive = primitives[index];
    uint kind = primitive.x & 0xffu;
    uint eye = primitive.x >> 8;
    ProjectedVertex a = projected[primitive.y];
    ProjectedVertex b = projected[primitive.z];
    ProjectedVertex c = projected[primitive.w];
    if (a.color.w == 0.0 || b.color.w == 0.0 || c.color.w == 0.0) {
        return;
    }
    float margin;
    if (kind == 0u) {
        margin = frame.style.y * a.screen.w + 1.0;
    } else if (kind == 1u) {
        margin = frame.style.x * max(a.screen.w, b.screen.w) + 1.0;
    } else {
        margin = 1.0;
    }
    vec2 lo = min(min(a.screen.xy, b.screen.xy), c.screen.xy) - margin;
    vec2 hi = max(max(a.screen.xy, b.screen.xy), c.screen.xy) + margin;
    float eyeWidth = float(frame.size.x) / float(frame.size.z);
    lo = max(lo, vec2(eyeWidth * float(eye), 0.0));
    hi = min(hi, vec2(eyeWidth * float(eye + 1u), float(frame.size.y)) - 0.001);
    if (any(greaterThan(lo, hi))) {
        return;
    }
    uvec2 first = uvec2(lo) / kTileSize;
    uvec2 last = uvec2(hi) / kTileSize;
    uint word = index >> 5;
    uint bit = 1u << (index & 31u);
    // A tile is marked only when its centre lies within reach of the primitive: the bounding box alone
    // would hand long diagonal edges and slivers hundreds of tiles they never touch.
    float reach = margin + kTileHalfDiagonal;
    vec2 pa = a.screen.xy;
    vec2 pb = b.screen.xy;
    vec2 pc = c.screen.xy;
    vec2 ab = pb - pa;
    float abLengthSquared = dot(ab, ab);
    float orientation = sign(cross2(pb - pa, pc - pa));
    vec3 edgeLengths = vec3(length(pc - pb), length(pa - pc), length(pb - pa));
    for (uint ty = first.y; ty <= last.y; ty++) {
        for (uint tx = first.x; tx <= last.x; tx++) {
            vec2 centre = (vec2(tx, ty) + 0.5) * float(kTileSize);
            bool touches;
            if (kind == 2u) {
                vec3 inside = orientation * vec3(
                    cross2(pc - pb, centre - pb), cross2(pa - pc, centre - pc), cross2(pb - pa, centre - pa)
                );
                touches = all(greaterThanEqual(inside, -reach * edgeLengths));
            } else {
                float t = abLengthSquared > 1e-12 ? clamp(dot(centre - pa, ab) / abLengthSquared, 0.0, 1.0) : 0.0;
                touches = distance(centre, pa + t * ab) <= reach;
            }
            if (touches) {
                atomicOr(tileBits[(ty * frame.tiles.x + tx) * frame.tiles.z + word], bit);
            }
        }
    }
}
