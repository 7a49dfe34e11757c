/// Why rendering could not start or a frame could not be produced, with what the user can do about it.
public struct RenderError: Error, CustomStringConvertible, Equatable {
    public enum Code: Sendable, Equatable {
        /// No Vulkan loader or driver is installed.
        case vulkanUnavailable
        /// Vulkan works but lists no physical device.
        case noDevice
        /// `--device` named a device that does not exist.
        case deviceNotFound
        /// The device lacks something the renderer needs.
        case unsupportedDevice
        /// A Vulkan call failed.
        case vulkanCall
        /// The requested picture size cannot be rendered.
        case invalidSize
        /// The scene has more primitives than one frame can bin.
        case sceneTooComplex
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
