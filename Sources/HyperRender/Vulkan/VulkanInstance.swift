internal import CVulkan

/// Owns a `VkInstance` for headless compute and lists the physical devices it sees.
public final class VulkanInstance {
    let handle: VkInstance
    let physicalDevices: [VkPhysicalDevice]
    public let devices: [GPUDeviceInfo]

    /// A `VkInstance` made once and never destroyed, so that the loader never unloads the driver: lavapipe's
    /// worker threads can still be running its code when a renderer's instance is destroyed at shutdown, and a
    /// SIGTERM right after start crashed `serve` (SIGSEGV in an unmapped `libvulkan_lvp.so`, about 1 run in 8).
    nonisolated(unsafe) private static let driverKeeper: VkInstance? = {
        var info = VkInstanceCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO
        var instance: VkInstance?
        return vkCreateInstance(&info, nil, &instance) == VK_SUCCESS ? instance : nil
    }()

    public init() throws(RenderError) {
        _ = Self.driverKeeper
        var instance: VkInstance?
        let result = "hypercube".withCString { name -> VkResult in
            var application = VkApplicationInfo()
            application.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO
            application.pApplicationName = name
            application.applicationVersion = hc_vk_api_version(0, 1, 0)
            application.pEngineName = name
            application.engineVersion = hc_vk_api_version(0, 1, 0)
            application.apiVersion = hc_vk_api_version(1, 1, 0)
            return withUnsafePointer(to: &application) { applicationPointer in
                var info = VkInstanceCreateInfo()
                info.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO
                info.pApplicationInfo = applicationPointer
                return vkCreateInstance(&info, nil, &instance)
            }
        }
        guard result == VK_SUCCESS, let instance else {
            if result == VK_ERROR_INCOMPATIBLE_DRIVER || result == VK_ERROR_INITIALIZATION_FAILED {
                throw RenderError(
                    .vulkanUnavailable,
                    DeviceSelection.installAdvice(prefix: "Vulkan could not start (\(VkResult.name(of: result)))")
                )
            }
            try result.check("vkCreateInstance")
            throw RenderError(.vulkanUnavailable, "vkCreateInstance returned no instance")
        }
        handle = instance
        var count: UInt32 = 0
        do {
            try vkEnumeratePhysicalDevices(instance, &count, nil).check("vkEnumeratePhysicalDevices")
            var handles = [VkPhysicalDevice?](repeating: nil, count: Int(count))
            try vkEnumeratePhysicalDevices(instance, &count, &handles).check("vkEnumeratePhysicalDevices")
            physicalDevices = handles.prefix(Int(count)).compactMap { $0 }
        } catch {
            vkDestroyInstance(instance, nil)
            throw error
        }
        devices = physicalDevices.enumerated().map { Self.describe($1, index: $0) }
    }

    deinit {
        vkDestroyInstance(handle, nil)
    }

    static func describe(_ device: VkPhysicalDevice, index: Int) -> GPUDeviceInfo {
        var properties = VkPhysicalDeviceProperties()
        vkGetPhysicalDeviceProperties(device, &properties)
        let name = withUnsafeBytes(of: properties.deviceName) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        let version = properties.apiVersion
        let apiVersion = "\(hc_vk_version_major(version)).\(hc_vk_version_minor(version)).\(hc_vk_version_patch(version))"
        let family = ComputeQueueFamily.find(on: device)
        return GPUDeviceInfo(
            index: index,
            name: name,
            kind: .init(properties.deviceType),
            vendorID: properties.vendorID,
            deviceID: properties.deviceID,
            apiVersion: apiVersion,
            driverVersion: properties.driverVersion,
            hasTimestamps: family.map { $0.timestampValidBits > 0 } ?? false
        )
    }
}

/// The first queue family that can run compute work, and whether it can time it.
struct ComputeQueueFamily {
    var index: UInt32
    var timestampValidBits: UInt32

    static func find(on device: VkPhysicalDevice) -> ComputeQueueFamily? {
        var count: UInt32 = 0
        vkGetPhysicalDeviceQueueFamilyProperties(device, &count, nil)
        var families = [VkQueueFamilyProperties](repeating: VkQueueFamilyProperties(), count: Int(count))
        vkGetPhysicalDeviceQueueFamilyProperties(device, &count, &families)
        let compute = UInt32(VK_QUEUE_COMPUTE_BIT.rawValue)
        guard let index = families.firstIndex(where: { $0.queueFlags & compute != 0 }) else { return nil }
        return ComputeQueueFamily(index: UInt32(index), timestampValidBits: families[index].timestampValidBits)
    }
}
