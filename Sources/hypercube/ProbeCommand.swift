import ArgumentParser
import Foundation
import HyperImage
import HyperMedia

/// `hypercube probe`: reads an IVF file, decodes every frame and reports what is in it.
struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Read and decode an IVF (VP8/VP9) file: codec, size, frames, keyframes, duration, bitrate."
    )

    @Argument(help: "The .ivf file.")
    var file: String

    func run() throws {
        do {
            try probe()
        } catch {
            throw fail(error)
        }
    }

    private func probe() throws {
        let reader = try IVFReader.read(url: URL(fileURLWithPath: file))
        let header = reader.header
        let decoder = try VideoDecoder(codec: header.codec)
        var decoded = 0
        var keyframes = 0
        var bytes = 0
        for (index, frame) in reader.frames.enumerated() {
            bytes += frame.data.count
            if header.codec == .vp8, let first = frame.data.first, first & 1 == 0 { keyframes += 1 }
            let pictures: [I420Frame]
            do {
                pictures = try decoder.decode(frame.data)
            } catch {
                throw ValidationError("frame \(index) (pts \(frame.pts)) does not decode: \(error)")
            }
            for picture in pictures where picture.layout.width != header.width || picture.layout.height != header.height {
                throw ValidationError(
                    "frame \(index) decodes to \(picture.layout.width)x\(picture.layout.height), "
                        + "the header says \(header.width)x\(header.height)"
                )
            }
            decoded += pictures.count
        }
        let tick = Double(header.timebaseNumerator) / Double(header.timebaseDenominator)
        let span = reader.frames.count > 1 ? Double(reader.frames.last!.pts - reader.frames.first!.pts) * tick : 0
        let frameDuration = reader.frames.count > 1 ? span / Double(reader.frames.count - 1) : 0
        let duration = span + frameDuration
        print("file: \(file)")
        print("codec: \(header.codec.rawValue), \(header.width)x\(header.height), timebase \(header.timebaseNumerator)/\(header.timebaseDenominator)")
        print("frames: \(reader.frames.count) (header says \(header.frameCount)), decoded: \(decoded)")
        if header.codec == .vp8 { print("keyframes: \(keyframes)") }
        if duration > 0 {
            print(
                String(
                    format: "duration: %.3f s, %.2f fps, %.0f kbit/s",
                    duration,
                    1 / frameDuration,
                    Double(bytes) * 8 / duration / 1000
                )
            )
        }
    }
}
