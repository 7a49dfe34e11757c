/// A failure while encoding, decoding, reading or writing an image.
/// `code` is meant for programmatic handling; `message` is a complete human-readable explanation.
public struct ImageError: Error, CustomStringConvertible {
    /// The category of an image failure.
    public enum Code: Sendable, Equatable {
        /// The image's dimensions or pixel buffer are unusable (empty, too large, or inconsistent).
        case invalidImage
        /// The bytes are not a PNG that libpng can decode.
        case decodeFailed
        /// libpng failed to encode the image.
        case encodeFailed
        /// A file could not be read.
        case readFailed
        /// A file could not be written.
        case writeFailed
        /// The text is longer than a QR code here holds.
        case textTooLong
    }

    /// The category of the failure.
    public let code: Code
    /// A human-readable explanation, naming the file involved where there is one.
    public let message: String

    /// Creates an error with the given category and explanation.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
