import ArgumentParser
import Foundation
import HyperImage

/// `hypercube qr`: a QR code of a URL, in the terminal or as a PNG — the code `serve` prints for its XR page, for any
/// other URL a headset's camera should open.
struct QRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qr",
        abstract: "Print a QR code of a text (a player or /xr URL), or write it as a PNG."
    )

    @Argument(help: "The text, at most 213 bytes.")
    var text: String

    @Option(help: "Write a PNG here (8 pixels per module, a 4-module quiet zone) instead of printing.")
    var png: String?

    func run() throws {
        do {
            let code = try QRCode(text)
            if let png {
                try PNGCodec.write(code.render(), to: URL(fileURLWithPath: png))
                print("QR code version \(code.version) (\(code.size)×\(code.size) modules, mask \(code.mask)): \(png)")
            } else {
                print(code.terminalLines().joined(separator: "\n"))
            }
        } catch {
            throw fail(error)
        }
    }
}
