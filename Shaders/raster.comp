#version 450
// Stage 3: one workgroup per 16×16 tile, one invocation per four pixels of a row. Each walks the tile's primitive
// bits and evaluates the primitives the bin stage set up at its four pixels: anti-aliased coverage, depth and
// colour, composited with depth-weighted blended transparency in linear light (order independent, so the CPU
// reference renderer, which draws in the same order, produces the same picture), finally encoded as sRGB into
// packed RGBA8. Four pixels share each set-up load, which is most of the cost on a CPU Vulkan driver.
//
// Primitives come grouped by kind and eye (FrameParams.groups), so there is one loop per group with only that
// kind's loads and arithmetic, and no branch that differs between the pixels of a tile: a pixel a primitive
// misses (or in the other eye) gets alpha 0, which adds nothing and leaves the revealage as it is. Set-ups and
// tile bits are read as texels of uniform texel buffers rather than from storage buffers: on a GPU either is a
// cached load broadcast across the warp, but a CPU Vulkan driver (lavapipe) turns every storage buffer load into
// a loop over its SIMD lanes, and a texel fetch into one vector gather.
layout(local_size_x = 4, local_size_y = 16) in;

struct FrameParams {
    mat4 view;
    vec4 background;
    uvec4 size;
    uvec4 tiles;
    uvec4 i420;
    vec4 projection;
    vec4 style;
    vec4 shading;
    uvec4 groups[2];   // where group kind × 2 + eye starts; groups[1].z is the primitive count
};

layout(std430, binding = 0) readonly buffer Frame { FrameParams frame; };
layout(std430, binding = 6) writeonly buffer Image { uint rgba[]; };
// PrimitiveSetup records of Shaders/bin.comp, six texels each: a, b, c, shadeA, shadeB, shadeC.
layout(binding = 9) uniform samplerBuffer setupTexels;
layout(binding = 10) uniform usamplerBuffer tileBitTexels;

const int kRecordTexels = 6;

vec3 encodeSRGB(vec3 linear) {
    vec3 c = clamp(linear, 0.0, 1.0);
    return mix(12.92 * c, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, greaterThan(c, vec3(0.0031308)));
}

// One pixel's position and compositing sums.
struct Pixel {
    vec2 p;
    float inEye;  // 1 while drawing the eye the pixel belongs to, else 0
    vec4 accumulated;
    float revealage;
};

bool antialias;
float near;
float far;

// Coverage from a signed distance (positive inside): a one-pixel ramp when anti-aliasing, else a step.
float coverage(float signedInside) {
    return antialias ? clamp(signedInside + 0.5, 0.0, 1.0) : step(0.0, signedInside);
}

void composite(inout Pixel px, float alpha, vec4 shade) {
    alpha *= px.inEye;
    float d = clamp((shade.w - near) / max(far - near, 1e-6), 0.0, 1.0);
    float closeness = 1.0 - 0.9 * d;
    float weight = alpha * max(1e-2, 1000.0 * closeness * closeness * closeness);
    px.accumulated += vec4(shade.rgb * alpha, alpha) * weight;
    px.revealage *= 1.0 - alpha;
}

void drawDisc(inout Pixel px, vec4 disc, vec4 shade, float opacity) {
    composite(px, coverage(disc.z - distance(px.p, disc.xy)) * opacity, shade);
}

void drawSegment(inout Pixel px, vec4 segment, vec4 extra, vec4 shadeA, vec4 shadeB, float opacity) {
    float t = clamp(dot(px.p - segment.xy, segment.zw) * extra.x, 0.0, 1.0);
    float radius = mix(extra.y, extra.z, t);
    composite(px, coverage(radius - distance(px.p, segment.xy + t * segment.zw)) * opacity, mix(shadeA, shadeB, t));
}

void drawTriangle(inout Pixel px, vec4 ea, vec4 eb, vec4 ec, vec4 shadeA, vec4 shadeB, vec4 shadeC, float opacity) {
    vec2 p = px.p;
    vec3 distances = vec3(ea.x * p.x + ea.y * p.y + ea.z, eb.x * p.x + eb.y * p.y + eb.z, ec.x * p.x + ec.y * p.y + ec.z);
    float alpha = coverage(min(min(distances.x, distances.y), distances.z)) * opacity;
    vec3 weights = max(distances * vec3(ea.w, eb.w, ec.w), 0.0);
    weights /= max(weights.x + weights.y + weights.z, 1e-12);
    composite(px, alpha, weights.x * shadeA + weights.y * shadeB + weights.z * shadeC);
}

Pixel startPixel(uint x, uint y) {
    return Pixel(vec2(float(x), float(y)) + 0.5, 0.0, vec4(0.0), 1.0);
}

void setEye(inout Pixel px, uint eye, float eyeWidth) {
    px.inEye = float(min(uint(px.p.x / eyeWidth), frame.size.z - 1u) == eye);
}

void resolve(Pixel px, uint x, uint y) {
    if (x >= frame.size.x || y >= frame.size.y) {
        return;
    }
    vec3 result = frame.background.rgb;
    if (px.accumulated.w > 1e-8) {
        vec3 average = px.accumulated.rgb / px.accumulated.w;
        result = mix(frame.background.rgb, average, 1.0 - px.revealage);
    }
    uvec3 bytes = uvec3(floor(encodeSRGB(result) * 255.0 + 0.5));
    rgba[y * frame.size.x + x] = bytes.r | (bytes.g << 8) | (bytes.b << 16) | (255u << 24);
}


uint groupStart(uint group) {
    return frame.groups[group >> 2][group & 3u];
}

// The tile's bits of word `w` that fall in [first, last).
uint bitsInRange(int tileBase, uint w, uint first, uint last) {
    uint bits = texelFetch(tileBitTexels, tileBase + int(w)).x;
    uint low = w * 32u;
    if (first > low) {
        bits &= ~0u << (first - low);
    }
    if (last < low + 32u) {
        bits &= (1u << (last - low)) - 1u;
    }
    return bits;
}

void main() {
    uint tile = gl_WorkGroupID.y * frame.tiles.x + gl_WorkGroupID.x;
    int tileBase = int(tile * frame.tiles.z);
    uint x = gl_WorkGroupID.x * 16u + gl_LocalInvocationID.x * 4u;
    uint y = gl_GlobalInvocationID.y;
    Pixel p0 = startPixel(x, y);
    Pixel p1 = startPixel(x + 1u, y);
    Pixel p2 = startPixel(x + 2u, y);
    Pixel p3 = startPixel(x + 3u, y);
    float eyeWidth = float(frame.size.x) / float(frame.size.z);
    antialias = frame.shading.x > 0.5;
    near = frame.shading.z;
    far = frame.shading.w;
    float edgeOpacity = frame.style.z;
    float faceOpacity = frame.style.w;

    for (uint eye = 0u; eye < frame.size.z; eye++) {
        setEye(p0, eye, eyeWidth);
        setEye(p1, eye, eyeWidth);
        setEye(p2, eye, eyeWidth);
        setEye(p3, eye, eyeWidth);
        // Vertex discs.
        uint first = groupStart(eye);
        uint last = groupStart(eye + 1u);
        for (uint w = first / 32u; first < last && w <= (last - 1u) / 32u; w++) {
            uint bits = bitsInRange(tileBase, w, first, last);
            while (bits != 0u) {
                int record = (int(w) * 32 + findLSB(bits)) * kRecordTexels;
                bits &= bits - 1u;
                vec4 disc = texelFetch(setupTexels, record);
                vec4 shade = texelFetch(setupTexels, record + 3);
                drawDisc(p0, disc, shade, edgeOpacity);
                drawDisc(p1, disc, shade, edgeOpacity);
                drawDisc(p2, disc, shade, edgeOpacity);
                drawDisc(p3, disc, shade, edgeOpacity);
            }
        }
        // Edges.
        first = groupStart(2u + eye);
        last = groupStart(3u + eye);
        for (uint w = first / 32u; first < last && w <= (last - 1u) / 32u; w++) {
            uint bits = bitsInRange(tileBase, w, first, last);
            while (bits != 0u) {
                int record = (int(w) * 32 + findLSB(bits)) * kRecordTexels;
                bits &= bits - 1u;
                vec4 segment = texelFetch(setupTexels, record);
                vec4 extra = texelFetch(setupTexels, record + 1);
                vec4 shadeA = texelFetch(setupTexels, record + 3);
                vec4 shadeB = texelFetch(setupTexels, record + 4);
                drawSegment(p0, segment, extra, shadeA, shadeB, edgeOpacity);
                drawSegment(p1, segment, extra, shadeA, shadeB, edgeOpacity);
                drawSegment(p2, segment, extra, shadeA, shadeB, edgeOpacity);
                drawSegment(p3, segment, extra, shadeA, shadeB, edgeOpacity);
            }
        }
        // Face triangles.
        first = groupStart(4u + eye);
        last = groupStart(5u + eye);
        for (uint w = first / 32u; first < last && w <= (last - 1u) / 32u; w++) {
            uint bits = bitsInRange(tileBase, w, first, last);
            while (bits != 0u) {
                int record = (int(w) * 32 + findLSB(bits)) * kRecordTexels;
                bits &= bits - 1u;
                vec4 ea = texelFetch(setupTexels, record);
                vec4 eb = texelFetch(setupTexels, record + 1);
                vec4 ec = texelFetch(setupTexels, record + 2);
                vec4 shadeA = texelFetch(setupTexels, record + 3);
                vec4 shadeB = texelFetch(setupTexels, record + 4);
                vec4 shadeC = texelFetch(setupTexels, record + 5);
                drawTriangle(p0, ea, eb, ec, shadeA, shadeB, shadeC, faceOpacity);
                drawTriangle(p1, ea, eb, ec, shadeA, shadeB, shadeC, faceOpacity);
                drawTriangle(p2, ea, eb, ec, shadeA, shadeB, shadeC, faceOpacity);
                drawTriangle(p3, ea, eb, ec, shadeA, shadeB, shadeC, faceOpacity);
            }
        }
    }

    resolve(p0, x, y);
    resolve(p1, x + 1u, y);
    resolve(p2, x + 2u, y);
    resolve(p3, x + 3u, y);
}
