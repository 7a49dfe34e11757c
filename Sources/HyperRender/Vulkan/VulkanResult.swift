internal import CVulkan

extension VkResult {
    /// Throws a `RenderError` naming the failed call unless the result is `VK_SUCCESS`.
    func check(_ call: String) throws(RenderError) {
        guard self != VK_SUCCESS else { return }
        throw RenderError(.vulkanCall, "\(call) failed: \(Self.name(of: self)) (\(rawValue))")
    }

    static func name(of result: VkResult) -> String {
        switch result {
        case VK_ERROR_OUT_OF_HOST_MEMORY: "VK_ERROR_OUT_OF_HOST_MEMORY"
        case VK_ERROR_OUT_OF_DEVICE_MEMORY: "VK_ERROR_OUT_OF_DEVICE_MEMORY"
        case VK_ERROR_INITIALIZATION_FAILED: "VK_ERROR_INITIALIZATION_FAILED"
        case VK_ERROR_DEVICE_LOST: "VK_ERROR_DEVICE_LOST"
        case VK_ERROR_INCOMPATIBLE_DRIVER: "VK_ERROR_INCOMPATIBLE_DRIVER"
        case VK_ERROR_EXTENSION_NOT_PRESENT: "VK_ERROR_EXTENSION_NOT_PRESENT"
        case VK_ERROR_FEATURE_NOT_PRESENT: "VK_ERROR_FEATURE_NOT_PRESENT"
        case VK_ERROR_LAYER_NOT_PRESENT: "VK_ERROR_LAYER_NOT_PRESENT"
        case VK_ERROR_MEMORY_MAP_FAILED: "VK_ERROR_MEMORY_MAP_FAILED"
        case VK_TIMEOUT: "VK_TIMEOUT"
        case VK_NOT_READY: "VK_NOT_READY"
        default: "VkResult"
        }
    }
}
