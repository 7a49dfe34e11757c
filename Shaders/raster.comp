#version 450
// Stage 3: one workgroup per 16×16 tile. The tile's primitives are taken in index order, 256 candidates at a
// time: the workgroup compacts the set bits, each thread sets up one primitive (edge equations, segment,
// disc) into shared memory, then every pixel evaluates the batch: anti-aliased coverage, depth and colour,
// composited with depth-weighted blended transparency in linear light (order independent, so the CPU
// reference renderer produces the same picture), finally encoded as sRGB into packed RGBA8.
layout(local_size_x = 16, local_size_y = 16) in;

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
layout(std430, binding = 4) readonly buffer Primitives { uvec4 primitives[]; };
layout(std430, binding = 5) readonly buffer TileBits { uint tileBits[]; };
layout(std430, binding = 6) writeonly buffer Image { uint rgba[]; };

const uint kBatch = 256u;
const uint kWordsPerBatch = kBatch / 32u;

shared uint batchWords[kWordsPerBatch];
shared uint batchCount;
shared uvec4 setupIndices[kBatch];  // kind | eye << 8, vertex a, b, c
shared vec4 setupA[kBatch];
shared vec4 setupB[kBatch];
shared vec4 setupC[kBatch];

float cross2(vec2 u, vec2 v) {
    return u.x * v.y - u.y * v.x;
}

float coverageFromDistance(float signedInside) {
    if (frame.shading.x > 0.5) {
        return clamp(signedInside + 0.5, 0.0, 1.0);
    }
    return signedInside >= 0.0 ? 1.0 : 0.0;
}

float compositeWeight(float alpha, float depth) {
    float near = frame.shading.z;
    float far = frame.shading.w;
    float d = clamp((depth - near) / max(far - near, 1e-6), 0.0, 1.0);
    float closeness = 1.0 - 0.9 * d;
    return alpha * max(1e-2, 1000.0 * closeness * closeness * closeness);
}

vec3 encodeSRGB(vec3 linear) {
    vec3 c = clamp(linear, 0.0, 1.0);
    return mix(12.92 * c, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, greaterThan(c, vec3(0.0031308)));
}

// The line through p0→p1 as (n.x, n.y, c, |p1 − p0|) with n·p + c the signed distance, positive inside.
vec4 edgeEquation(vec2 p0, vec2 p1, float orientation) {
    vec2 d = p1 - p0;
    float len = length(d);
    float inverse = orientation / max(len, 1e-12);
    return vec4(-d.y * inverse, d.x * inverse, (d.y * p0.x - d.x * p0.y) * inverse, len);
}

// Per-primitive work done once per tile by one thread (mirrored by CPUReferenceRenderer's PrimitiveSetup).
void setUp(uint slot, uint index) {
    uvec4 primitive = primitives[index];
    uint kind = primitive.x & 0xffu;
    ProjectedVertex a = projected[primitive.y];
    ProjectedVertex b = projected[primitive.z];
    setupIndices[slot] = primitive;
    if (kind == 0u) {
        setupA[slot] = vec4(a.screen.xy, frame.style.y * a.screen.w, 0.0);
    } else if (kind == 1u) {
        vec2 ab = b.screen.xy - a.screen.xy;
        float lengthSquared = dot(ab, ab);
        setupA[slot] = vec4(a.screen.xy, ab);
        setupB[slot] = vec4(
            lengthSquared > 1e-12 ? 1.0 / lengthSquared : 0.0,
            frame.style.x * a.screen.w,
            frame.style.x * b.screen.w,
            0.0
        );
    } else {
        vec2 pa = a.screen.xy;
        vec2 pb = b.screen.xy;
        vec2 pc = projected[primitive.w].screen.xy;
        float area = cross2(pb - pa, pc - pa);
        if (abs(area) < 1e-6) {
            setupIndices[slot].x = 0xffu;
            return;
        }
        float orientation = sign(area);
        setupA[slot] = edgeEquation(pb, pc, orientation);
        setupB[slot] = edgeEquation(pc, pa, orientation);
        setupC[slot] = edgeEquation(pa, pb, orientation);
    }
}

void main() {
    uint tile = gl_WorkGroupID.y * frame.tiles.x + gl_WorkGroupID.x;
    uint words = frame.tiles.z;
    uint local = gl_LocalInvocationIndex;
    uvec2 pixel = gl_GlobalInvocationID.xy;
    bool inside = pixel.x < frame.size.x && pixel.y < frame.size.y;
    vec2 p = vec2(pixel) + 0.5;
    float eyeWidth = float(frame.size.x) / float(frame.size.z);
    uint pixelEye = min(uint(p.x / eyeWidth), frame.size.z - 1u);
    vec4 accumulated = vec4(0.0);
    float revealage = 1.0;

    for (uint firstWord = 0u; firstWord < words; firstWord += kWordsPerBatch) {
        if (local < kWordsPerBatch) {
            uint w = firstWord + local;
            batchWords[local] = w < words ? tileBits[tile * words + w] : 0u;
        }
        barrier();
        uint wordIndex = local >> 5;
        uint bitIndex = local & 31u;
        uint word = batchWords[wordIndex];
        uint before = 0u;
        for (uint w = 0u; w < wordIndex; w++) {
            before += bitCount(batchWords[w]);
        }
        if (local == kBatch - 1u) {
            batchCount = before + bitCount(word);
        }
        if ((word & (1u << bitIndex)) != 0u) {
            uint slot = before + bitCount(word & ((1u << bitIndex) - 1u));
            setUp(slot, (firstWord + wordIndex) * 32u + bitIndex);
        }
        barrier();

        uint count = batchCount;
        for (uint slot = 0u; slot < count && inside; slot++) {
            uvec4 primitive = setupIndices[slot];
            uint kind = primitive.x & 0xffu;
            if (kind == 0xffu || (primitive.x >> 8) != pixelEye) {
                continue;
            }
            float alpha;
            float depth;
            vec3 color;
            if (kind == 0u) {
                vec4 disc = setupA[slot];
                alpha = coverageFromDistance(disc.z - distance(p, disc.xy)) * frame.style.z;
                if (alpha <= 0.0) {
                    continue;
                }
                ProjectedVertex a = projected[primitive.y];
                depth = a.screen.z;
                color = a.color.rgb;
            } else if (kind == 1u) {
                vec4 segment = setupA[slot];
                vec4 extra = setupB[slot];
                float t = clamp(dot(p - segment.xy, segment.zw) * extra.x, 0.0, 1.0);
                float radius = mix(extra.y, extra.z, t);
                alpha = coverageFromDistance(radius - distance(p, segment.xy + t * segment.zw)) * frame.style.z;
                if (alpha <= 0.0) {
                    continue;
                }
                ProjectedVertex a = projected[primitive.y];
                ProjectedVertex b = projected[primitive.z];
                depth = mix(a.screen.z, b.screen.z, t);
                color = mix(a.color.rgb, b.color.rgb, t);
            } else {
                vec4 ea = setupA[slot];
                vec4 eb = setupB[slot];
                vec4 ec = setupC[slot];
                vec3 distances = vec3(
                    ea.x * p.x + ea.y * p.y + ea.z,
                    eb.x * p.x + eb.y * p.y + eb.z,
                    ec.x * p.x + ec.y * p.y + ec.z
                );
                alpha = coverageFromDistance(min(min(distances.x, distances.y), distances.z)) * frame.style.w;
                if (alpha <= 0.0) {
                    continue;
                }
                vec3 weights = max(distances * vec3(ea.w, eb.w, ec.w), 0.0);
                weights /= max(weights.x + weights.y + weights.z, 1e-12);
                ProjectedVertex a = projected[primitive.y];
                ProjectedVertex b = projected[primitive.z];
                ProjectedVertex c = projected[primitive.w];
                depth = weights.x * a.screen.z + weights.y * b.screen.z + weights.z * c.screen.z;
                color = weights.x * a.color.rgb + weights.y * b.color.rgb + weights.z * c.color.rgb;
            }
            float weight = compositeWeight(alpha, depth);
            accumulated += vec4(color * alpha, alpha) * weight;
            revealage *= 1.0 - alpha;
        }
        barrier();
    }

    if (!inside) {
        return;
    }
    vec3 result = frame.background.rgb;
    if (accumulated.w > 1e-8) {
        vec3 average = accumulated.rgb / accumulated.w;
        result = mix(frame.background.rgb, average, 1.0 - revealage);
    }
    uvec3 bytes = uvec3(floor(encodeSRGB(result) * 255.0 + 0.5));
    rgba[pixel.y * frame.size.x + pixel.x] = bytes.r | (bytes.g << 8) | (bytes.b << 16) | (255u << 24);
}
