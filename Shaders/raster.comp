#version 450
// Stage 3: one workgroup per 16×16 tile. Each pixel visits the tile's primitives in index order, computes
// anti-aliased coverage, depth and colour, and composites them with depth-weighted blended transparency
// (order independent, so the CPU reference renderer produces the same picture) in linear light, then
// encodes sRGB. Writes packed RGBA8.
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

const uint kMaxWordsPerTile = 1024u;
shared uint sharedBits[kMaxWordsPerTile];

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

float cross2(vec2 a, vec2 b) {
    return a.x * b.y - a.y * b.x;
}

void main() {
    uint tile = gl_WorkGroupID.y * frame.tiles.x + gl_WorkGroupID.x;
    uint words = frame.tiles.z;
    uint local = gl_LocalInvocationIndex;
    for (uint w = local; w < words; w += 256u) {
        sharedBits[w] = tileBits[tile * words + w];
    }
    barrier();

    uvec2 pixel = gl_GlobalInvocationID.xy;
    if (pixel.x >= frame.size.x || pixel.y >= frame.size.y) {
        return;
    }
    vec2 p = vec2(pixel) + 0.5;
    float eyeWidth = float(frame.size.x) / float(frame.size.z);
    uint pixelEye = min(uint(p.x / eyeWidth), frame.size.z - 1u);
    vec4 accumulated = vec4(0.0);
    float revealage = 1.0;

    for (uint w = 0u; w < words; w++) {
        uint bits = sharedBits[w];
        while (bits != 0u) {
            int bitIndex = findLSB(bits);
            bits &= bits - 1u;
            uvec4 primitive = primitives[w * 32u + uint(bitIndex)];
            uint kind = primitive.x & 0xffu;
            if ((primitive.x >> 8) != pixelEye) {
                continue;
            }
            ProjectedVertex a = projected[primitive.y];
            ProjectedVertex b = projected[primitive.z];
            float alpha;
            float depth;
            vec3 color;
            if (kind == 0u) {
                float radius = frame.style.y * a.screen.w;
                alpha = coverageFromDistance(radius - distance(p, a.screen.xy)) * frame.style.z;
                depth = a.screen.z;
                color = a.color.rgb;
            } else if (kind == 1u) {
                vec2 ab = b.screen.xy - a.screen.xy;
                float lengthSquared = dot(ab, ab);
                float t = lengthSquared > 1e-12 ? clamp(dot(p - a.screen.xy, ab) / lengthSquared, 0.0, 1.0) : 0.0;
                float radius = frame.style.x * mix(a.screen.w, b.screen.w, t);
                alpha = coverageFromDistance(radius - distance(p, a.screen.xy + t * ab)) * frame.style.z;
                depth = mix(a.screen.z, b.screen.z, t);
                color = mix(a.color.rgb, b.color.rgb, t);
            } else {
                ProjectedVertex c = projected[primitive.w];
                vec2 pa = a.screen.xy;
                vec2 pb = b.screen.xy;
                vec2 pc = c.screen.xy;
                float area = cross2(pb - pa, pc - pa);
                if (abs(area) < 1e-6) {
                    continue;
                }
                float orientation = sign(area);
                float la = cross2(pc - pb, p - pb) * orientation;
                float lb = cross2(pa - pc, p - pc) * orientation;
                float lc = cross2(pb - pa, p - pa) * orientation;
                float inside = min(
                    min(la / length(pc - pb), lb / length(pa - pc)),
                    lc / length(pb - pa)
                );
                alpha = coverageFromDistance(inside) * frame.style.w;
                vec3 weights = max(vec3(la, lb, lc), 0.0);
                weights /= max(weights.x + weights.y + weights.z, 1e-12);
                depth = weights.x * a.screen.z + weights.y * b.screen.z + weights.z * c.screen.z;
                color = weights.x * a.color.rgb + weights.y * b.color.rgb + weights.z * c.color.rgb;
            }
            if (alpha <= 0.0) {
                continue;
            }
            float weight = compositeWeight(alpha, depth);
            accumulated += vec4(color * alpha, alpha) * weight;
            revealage *= 1.0 - alpha;
        }
    }

    vec3 result = frame.background.rgb;
    if (accumulated.w > 1e-8) {
        vec3 average = accumulated.rgb / accumulated.w;
        result = mix(frame.background.rgb, average, 1.0 - revealage);
    }
    uvec3 bytes = uvec3(floor(encodeSRGB(result) * 255.0 + 0.5));
    rgba[pixel.y * frame.size.x + pixel.x] = bytes.r | (bytes.g << 8) | (bytes.b << 16) | (255u << 24);
}
