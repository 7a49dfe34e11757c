internal import CVulkan
import Synchronization

/// A logical device with one compute queue on the chosen physical device. Render threads may share one: Vulkan's
/// device-level calls are thread-safe, each `GPURenderer` keeps its own pools, and the one queue, which Vulkan asks
/// callers to synchronise, is only reached through `submit`, under a lock.
public final class VulkanDevice: @unchecked Sendable {
    public let instance: VulkanInstance
    public let info: GPUDeviceInfo
    public let selectionReason: String
    let physical: VkPhysicalDevice
    let handle: VkDevice
    let queue: VkQueue
    let queueFamily: UInt32
    let memory: VkPhysicalDeviceMemoryProperties
    let timestampPeriod: Double
    let maxWorkgroupCountX: UInt32
    /// The most texels a texel buffer view may hold (65 536 guaranteed; GPUs and lavapipe offer 2^27 or more).
    let maxTexelBufferElements: Int
    private let queueLock = Mutex(())
    /// The RGBA→I420 converter measured on this device, by picture size: a renderer of a size already measured takes
    /// the choice instead of rendering three frames to time it again (every XR viewer's join used to wait for that).
    let i420Choices = Mutex<[SIMD2<Int>: I420Calibration]>([:])

    public convenience init(selection: DeviceSelection = .preferred) throws(RenderError) {
        try self.init(instance: VulkanInstance(), selection: selection)
    }

    public init(instance: VulkanInstance, selection: DeviceSelection) throws(RenderError) {
        let (info, reason) = try selection.choose(from: instance.devices)
        let physical = instance.physicalDevices[info.index]
        guard let family = ComputeQueueFamily.find(on: physical) else {
            throw RenderError(.unsupportedDevice, "\(info.name) has no compute queue")
        }
        var priority: Float = 1
        var device: VkDevice?
        let result = withUnsafePointer(to: &priority) { priorityPointer -> VkResult in
            var queueInfo = VkDeviceQueueCreateInfo()
            queueInfo.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO
            queueInfo.queueFamilyIndex = family.index
            queueInfo.queueCount = 1
            queueInfo.pQueuePriorities = priorityPointer
            return withUnsafePointer(to: &queueInfo) { queuePointer in
                var deviceInfo = VkDeviceCreateInfo()
                deviceInfo.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO
                deviceInfo.queueCreateInfoCount = 1
                deviceInfo.pQueueCreateInfos = queuePointer
                return vkCreateDevice(physical, &deviceInfo, nil, &device)
            }
        }
        try result.check("vkCreateDevice on \(info.name)")
        guard let device else { throw RenderError(.vulkanCall, "vkCreateDevice returned no device") }
        var queue: VkQueue?
        vkGetDeviceQueue(device, family.index, 0, &queue)
        var memory = VkPhysicalDeviceMemoryProperties()
        vkGetPhysicalDeviceMemoryProperties(physical, &memory)
        var properties = VkPhysicalDeviceProperties()
        vkGetPhysicalDeviceProperties(physical, &properties)

        self.instance = instance
        self.info = info
        self.selectionReason = reason
        self.physical = physical
        self.handle = device
        self.queue = queue!
        self.queueFamily = family.index
        self.memory = memory
        self.timestampPeriod = family.timestampValidBits > 0 ? Double(properties.limits.timestampPeriod) : 0
        self.maxWorkgroupCountX = properties.limits.maxComputeWorkGroupCount.0
        self.maxTexelBufferElements = Int(properties.limits.maxTexelBufferElements)
    }

    deinit {
        vkDeviceWaitIdle(handle)
        vkDestroyDevice(handle, nil)
    }

    /// Queues `submitInfo` on the device's queue, one thread at a time.
    func submit(_ submitInfo: inout VkSubmitInfo, fence: VkFence?) throws(RenderError) {
        let result = queueLock.withLock { _ in vkQueueSubmit(queue, 1, &submitInfo, fence) }
        try result.check("vkQueueSubmit")
    }

    /// The index of a memory type allowed by `typeBits` that has all of `required`, preferring `preferred` too.
    func memoryType(typeBits: UInt32, required: VkMemoryPropertyFlags, preferred: VkMemoryPropertyFlags = 0) -> UInt32?
    {
        let types = withUnsafeBytes(of: memory.memoryTypes) { Array($0.bindMemory(to: VkMemoryType.self)) }
        let candidates = (0..<Int(memory.memoryTypeCount)).filter { index in
            typeBits & (1 << UInt32(index)) != 0 && types[index].propertyFlags & required == required
        }
        let best = candidates.first { types[$0].propertyFlags & (required | preferred) == required | preferred }
        return (best ?? candidates.first).map(UInt32.init)
    }

    func isCoherent(memoryType index: UInt32) -> Bool {
        let types = withUnsafeBytes(of: memory.memoryTypes) { Array($0.bindMemory(to: VkMemoryType.self)) }
        let coherent = VkMemoryPropertyFlags(VK_MEMORY_PROPERTY_HOST_COHERENT_BIT.rawValue)
        return types[Int(index)].propertyFlags & coherent != 0
    }
}
