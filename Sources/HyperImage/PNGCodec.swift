import CPNG

/// Encodes and decodes PNG images with libpng's simplified API, in memory or as files.
/// Decoding accepts any PNG colour type and bit depth and yields 8-bit sRGB RGBA.
public enum PNGCodec {
    /// `PNG_FORMAT_RGBA`, spelled with its flags because Swift cannot import the composite macro.
    private static let rgbaFormat = UInt32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)

    /// Largest pixel buffer accepted (just under 2 GiB), which guards against hostile headers and keeps row strides
    /// within libpng's 32-bit range.
    private static let maximumPixelBytes = Int(Int32.max)

    /// Encodes an RGBA image as an 8-bit RGBA PNG.
    public static func encode(_ image: RGBAImage) throws(ImageError) -> [UInt8] {
        try validate(image)
        let control = PNGControl()
        control.image.pointee.width = UInt32(image.width)
        control.image.pointee.height = UInt32(image.height)
        control.image.pointee.format = rgbaFormat
        let rowStride = Int32(4 * image.width)
        var capacity = encodedSizeBound(image)
        while true {
            var output = [UInt8](repeating: 0, count: capacity)
            var size = capacity
            let succeeded = output.withUnsafeMutableBytes { memory in
                image.pixels.withUnsafeBytes { pixels in
                    png_image_write_to_memory(
                        control.image, memory.baseAddress, &size, 0, pixels.baseAddress, rowStride, nil)
                }
            }
            if succeeded != 0 {
                output.removeSubrange(size...)
                return output
            }
            guard size > capacity else {
                throw ImageError(
                    .encodeFailed, "PNG encoding of \(image.width)x\(image.height) failed: \(control.message)")
            }
            capacity = size
        }
    }

    /// Decodes PNG bytes of any colour type and bit depth into 8-bit RGBA (16-bit data without gamma is taken as sRGB).
    public static func decode(_ bytes: [UInt8]) throws(ImageError) -> RGBAImage {
        let control = PNGControl()
        let result: Result<RGBAImage, ImageError> = bytes.withUnsafeBytes { input in
            guard png_image_begin_read_from_memory(control.image, input.baseAddress, input.count) != 0 else {
                return .failure(
                    ImageError(.decodeFailed, "not a readable PNG (\(input.count) bytes): \(control.message)"))
            }
            control.image.pointee.format = rgbaFormat
            control.image.pointee.flags |= UInt32(PNG_IMAGE_FLAG_16BIT_sRGB)
            let width = Int(control.image.pointee.width)
            let height = Int(control.image.pointee.height)
            guard let byteCount = pixelByteCount(width: width, height: height) else {
                return .failure(ImageError(.invalidImage, "PNG is \(width)x\(height), too large to decode"))
            }
            var pixels = [UInt8](repeating: 0, count: byteCount)
            let finished = pixels.withUnsafeMutableBytes { buffer in
                png_image_finish_read(control.image, nil, buffer.baseAddress, Int32(4 * width), nil)
            }
            guard finished != 0 else {
                return .failure(
                    ImageError(.decodeFailed, "corrupt PNG data (\(input.count) bytes): \(control.message)"))
            }
            return .success(RGBAImage(width: width, height: height, pixels: pixels))
        }
        return try result.get()
    }

    private static func validate(_ image: RGBAImage) throws(ImageError) {
        guard image.width > 0, image.height > 0 else {
            throw ImageError(.invalidImage, "cannot encode an empty \(image.width)x\(image.height) image as PNG")
        }
        guard let byteCount = pixelByteCount(width: image.width, height: image.height) else {
            throw ImageError(.invalidImage, "image \(image.width)x\(image.height) is too large to encode as PNG")
        }
        guard image.pixels.count == byteCount else {
            throw ImageError(
                .invalidImage,
                "image \(image.width)x\(image.height) has \(image.pixels.count) bytes, expected \(byteCount)"
            )
        }
    }

    /// `4 * width * height`, or nil when that overflows or exceeds `maximumPixelBytes`.
    private static func pixelByteCount(width: Int, height: Int) -> Int? {
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixels <= maximumPixelBytes / 4 else { return nil }
        return 4 * pixels
    }

    /// An upper bound on the PNG size, following libpng's `PNG_IMAGE_PNG_SIZE_MAX` (zlib's deflate bound plus chunks).
    private static func encodedSizeBound(_ image: RGBAImage) -> Int {
        let filtered = (4 * image.width + 1) * image.height
        let compressed = filtered + (filtered + 7) / 8 + (filtered + 63) / 64 + 11
        let chunkOverhead = 8 + 25 + 16 + 44 + 12 + 12 * (compressed / 8192 + 1)
        return compressed + chunkOverhead
    }
}
