#version 450
// Stage 2: one invocation per primitive (vertex disc, edge, triangle). It sets the primitive up once for the
// raster stage (edge equations, segment, disc, and the colour and depth at its corners) and bins it into the
// 16×16 screen tiles it can touch, as one bit per primitive per tile, so the raster stage visits a tile's
// primitives in index order without shared memory or barriers.
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
// Mirrored by CPUReferenceRenderer's PrimitiveSetup; the raster stage reads it as six RGBA32F texels. The kind
// and eye are not stored: primitives come grouped by them (SceneGeometry.groupStarts).
struct PrimitiveSetup {
    vec4 a;        // disc: centre, radius | segment: start, direction | triangle: edge b→c
    vec4 b;        // segment: 1/|direction|², radius at start, radius at end | triangle: edge c→a
    vec4 c;        // triangle: edge a→b
    vec4 shadeA;   // linear rgb, depth at a
    vec4 shadeB;
    vec4 shadeC;
};

layout(std430, binding = 0) readonly buffer Frame { FrameParams frame; };
layout(std430, binding = 3) readonly buffer Projected { ProjectedVertex projected[]; };
layout(std430, binding = 4) readonly buffer Primitives { uvec4 primitives[]; };  // kind | eye << 8, a, b, c
layout(std430, binding = 5) coherent buffer TileBits { uint tileBits[]; };
layout(std430, binding = 8) writeonly buffer Setups { PrimitiveSetup setups[]; };

const uint kTileSize = 16u;
const float kTileHalfDiagonal = 11.32;  // 8·√2, rounded up

float cross2(vec2 u, vec2 v) {
    return u.x * v.y - u.y * v.x;
}

// The line through p0→p1 as (n.x, n.y, c, |p1 − p0|) with n·p + c the signed distance, positive inside.
vec4 edgeEquation(vec2 p0, vec2 p1, float orientation) {
    vec2 d = p1 - p0;
    float len = length(d);
    float inverse = orientation / max(len, 1e-12);
    return vec4(-d.y * inverse, d.x * inverse, (d.y * p0.x - d.x * p0.y) * inverse, len);
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
    vec2 pa = a.screen.xy;
    vec2 pb = b.screen.xy;
    vec2 pc = c.screen.xy;
    float margin;
    float orientation = 0.0;
    PrimitiveSetup setup;
    setup.shadeA = vec4(a.color.rgb, a.screen.z);
    setup.shadeB = vec4(b.color.rgb, b.screen.z);
    setup.shadeC = vec4(c.color.rgb, c.screen.z);
    setup.a = vec4(0.0);
    setup.b = vec4(0.0);
    setup.c = vec4(0.0);
    if (kind == 0u) {
        setup.a = vec4(pa, frame.style.y * a.screen.w, 0.0);
        margin = frame.style.y * a.screen.w + 1.0;
    } else if (kind == 1u) {
        vec2 ab = pb - pa;
        float lengthSquared = dot(ab, ab);
        setup.a = vec4(pa, ab);
        setup.b = vec4(lengthSquared > 1e-12 ? 1.0 / lengthSquared : 0.0, frame.style.x * a.screen.w,
                       frame.style.x * b.screen.w, 0.0);
        margin = frame.style.x * max(a.screen.w, b.screen.w) + 1.0;
    } else {
        float area = cross2(pb - pa, pc - pa);
        if (abs(area) < 1e-6) {
            return;
        }
        orientation = sign(area);
        setup.a = edgeEquation(pb, pc, orientation);
        setup.b = edgeEquation(pc, pa, orientation);
        setup.c = edgeEquation(pa, pb, orientation);
        margin = 1.0;
    }
    setups[index] = setup;

    vec2 lo = min(min(pa, pb), pc) - margin;
    vec2 hi = max(max(pa, pb), pc) + margin;
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
    vec2 ab = pb - pa;
    float abLengthSquared = dot(ab, ab);
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
