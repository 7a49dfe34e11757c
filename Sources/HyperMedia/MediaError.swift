/// Why a codec could not be set up or a stream could not be encoded, decoded or read, in words for the user.
public struct MediaError: Error, CustomStringConvertible, Equatable {
    public enum Code: Sendable, Equatable {
        /// A setting is out of range or not supported by the codec (bitrate 0, odd size, unknown codec…).
        case invalidSettings
        /// libvpx or libopus refused a call.
        case codecFailure
        /// Compressed data could not be decoded.
        case corruptStream
        /// A container file (IVF, WebM) is malformed or truncated.
        case malformedContainer
        /// A file could not be read or written.
        case io
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
