#version 450
// Stage 4: RGBA8 → I420, BT.601 limited range, bit-exact with libyuv's x86 ABGRToI420: chroma from two
// rounding averages (vertical, then horizontal) of the 2×2 block, truncated rather than rounded.
// One invocation converts an 8×2 pixel block: two words of luma per row and one word each of U and V.
layout(local_size_x = 8, local_size_y = 8) in;

struct FrameParams {
    mat4 view;
    vec4 background;
    uvec4 size;
    uvec4 tiles;
    uvec4 i420;        // yStride, uvStride, uOffset, vOffset (bytes)
    vec4 projection;
    vec4 style;
    vec4 shading;
};

layout(std430, binding = 0) readonly buffer Frame { FrameParams frame; };
layout(std430, binding = 6) readonly buffer Image { uint rgba[]; };
layout(std430, binding = 7) writeonly buffer Planes { uint planes[]; };

ivec3 pixelAt(uint x, uint y) {
    uint packed = rgba[y * frame.size.x + min(x, frame.size.x - 1u)];
    return ivec3(packed & 0xffu, (packed >> 8) & 0xffu, (packed >> 16) & 0xffu);
}

uint luma(ivec3 c) {
    return uint((66 * c.r + 129 * c.g + 25 * c.b + 0x1080) >> 8);
}

void main() {
    uint blockX = gl_GlobalInvocationID.x;
    uint blockY = gl_GlobalInvocationID.y;
    uint yStride = frame.i420.x;
    if (blockX * 8u >= yStride || blockY * 2u >= frame.size.y) {
        return;
    }
    uint x0 = blockX * 8u;
    uint y0 = blockY * 2u;
    uint uPacked = 0u;
    uint vPacked = 0u;
    uint yPacked[4] = uint[4](0u, 0u, 0u, 0u);
    for (uint pair = 0u; pair < 4u; pair++) {
        ivec3 c00 = pixelAt(x0 + 2u * pair, y0);
        ivec3 c01 = pixelAt(x0 + 2u * pair + 1u, y0);
        ivec3 c10 = pixelAt(x0 + 2u * pair, y0 + 1u);
        ivec3 c11 = pixelAt(x0 + 2u * pair + 1u, y0 + 1u);
        uint shift = 16u * (pair & 1u);
        uint word = pair >> 1;
        yPacked[word] |= (luma(c00) | (luma(c01) << 8)) << shift;
        yPacked[2u + word] |= (luma(c10) | (luma(c11) << 8)) << shift;
        ivec3 average = (((c00 + c10 + 1) >> 1) + ((c01 + c11 + 1) >> 1) + 1) >> 1;
        uint u = uint((112 * average.b - 74 * average.g - 38 * average.r + 0x8000) >> 8);
        uint v = uint((112 * average.r - 94 * average.g - 18 * average.b + 0x8000) >> 8);
        uPacked |= u << (8u * pair);
        vPacked |= v << (8u * pair);
    }
    uint row0 = (y0 * yStride + x0) >> 2;
    uint row1 = ((y0 + 1u) * yStride + x0) >> 2;
    planes[row0] = yPacked[0];
    planes[row0 + 1u] = yPacked[1];
    planes[row1] = yPacked[2];
    planes[row1 + 1u] = yPacked[3];
    uint chroma = blockY * frame.i420.y + blockX * 4u;
    planes[(frame.i420.z + chroma) >> 2] = uPacked;
    planes[(frame.i420.w + chroma) >> 2] = vPacked;
}
