import Foundation

/// A compute shader's SPIR-V, compiled from `Shaders/*.comp` by the build and embedded as base64.
struct ShaderSource: Sendable {
    let name: String
    let base64: String

    var words: [UInt32] {
        guard let data = Data(base64Encoded: base64) else { preconditionFailure("corrupt embedded SPIR-V \(name)") }
        return data.withUnsafeBytes { Array($0.bindMemory(to: UInt32.self)) }
    }
}

/// The compiled shaders of the renderer; the build plugin adds one static member per shader file.
public enum ShaderLibrary {
    /// Every embedded shader with its SPIR-V bytes, for validation and inspection (`spirv-val`).
    public static var modules: [(name: String, spirv: [UInt8])] {
        [transform, bin, raster, rgbaToI420].map { shader in
            (shader.name, Array(Data(base64Encoded: shader.base64) ?? Data()))
        }
    }
}
