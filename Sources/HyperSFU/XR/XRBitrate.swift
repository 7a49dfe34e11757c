/// The starting bitrate of an XR viewer's stream, by its pixel rate: 0.1 bit per pixel, between 1 and 50 Mbit/s.
/// Headset streams in the best systems run at 20–150 Mbit/s; a 1280×720-per-eye pair at 90 fps gets about 16.6.
enum XRBitrate {
    static let bitsPerPixel = 0.1
    static let range = 1_000_000...50_000_000

    static func forStereo(width: Int, height: Int, framesPerSecond: Double) -> Int {
        let bits = Double(width * height) * framesPerSecond * bitsPerPixel
        return min(max(Int(bits), range.lowerBound), range.upperBound)
    }
}
