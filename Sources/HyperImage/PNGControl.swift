import CPNG

/// Owns one libpng simplified-API `png_image` at a stable heap address and releases libpng's state on deinit.
/// libpng keeps pointers to the structure between calls, so it must not live in a movable Swift value.
final class PNGControl {
    let image: UnsafeMutablePointer<png_image>

    init() {
        image = .allocate(capacity: 1)
        image.initialize(to: png_image())
        image.pointee.version = UInt32(PNG_IMAGE_VERSION)
    }

    deinit {
        png_image_free(image)
        image.deinitialize(count: 1)
        image.deallocate()
    }

    /// libpng's last error or warning text, or a generic note when it left none.
    var message: String {
        let text = withUnsafeBytes(of: image.pointee.message) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        return text.isEmpty ? "libpng reported no details" : text
    }
}
