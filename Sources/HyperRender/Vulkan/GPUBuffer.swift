internal import CVulkan

/// A Vulkan storage buffer and the memory bound to it; host-visible buffers stay mapped for their lifetime.
final class GPUBuffer {
    enum Placement {
        /// GPU-only working memory (falls back to any memory on drivers such as lavapipe).
        case device
        /// Written by the CPU every frame, read by shaders.
        case upload
        /// Written by the GPU, read back by the CPU; cached where the device offers it.
        case readback
    }

    let device: VulkanDevice
    let handle: VkBuffer
    let memory: VkDeviceMemory
    let size: Int
    let mapped: UnsafeMutableRawPointer?
    let coherent: Bool

    init(device: VulkanDevice, size: Int, placement: Placement) throws(RenderError) {
        let size = max(size, 16)
        var info = VkBufferCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO
        info.size = VkDeviceSize(size)
        info.usage = VkBufferUsageFlags(
            VK_BUFFER_USAGE_STORAGE_BUFFER_BIT.rawValue | VK_BUFFER_USAGE_TRANSFER_SRC_BIT.rawValue
                | VK_BUFFER_USAGE_TRANSFER_DST_BIT.rawValue | VK_BUFFER_USAGE_UNIFORM_TEXEL_BUFFER_BIT.rawValue
        )
        info.sharingMode = VK_SHARING_MODE_EXCLUSIVE
        var buffer: VkBuffer?
        try vkCreateBuffer(device.handle, &info, nil, &buffer).check("vkCreateBuffer(\(size) bytes)")
        guard let buffer else { throw RenderError(.vulkanCall, "vkCreateBuffer returned no buffer") }

        var requirements = VkMemoryRequirements()
        vkGetBufferMemoryRequirements(device.handle, buffer, &requirements)
        let hostVisible = VkMemoryPropertyFlags(VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT.rawValue)
        let hostCoherent = VkMemoryPropertyFlags(VK_MEMORY_PROPERTY_HOST_COHERENT_BIT.rawValue)
        let hostCached = VkMemoryPropertyFlags(VK_MEMORY_PROPERTY_HOST_CACHED_BIT.rawValue)
        let deviceLocal = VkMemoryPropertyFlags(VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT.rawValue)
        let typeIndex: UInt32?
        switch placement {
        case .device:
            typeIndex = device.memoryType(typeBits: requirements.memoryTypeBits, required: 0, preferred: deviceLocal)
        case .upload:
            typeIndex = device.memoryType(typeBits: requirements.memoryTypeBits, required: hostVisible | hostCoherent)
        case .readback:
            typeIndex = device.memoryType(
                typeBits: requirements.memoryTypeBits,
                required: hostVisible,
                preferred: hostCached
            )
        }
        guard let typeIndex else {
            vkDestroyBuffer(device.handle, buffer, nil)
            throw RenderError(.unsupportedDevice, "\(device.info.name) has no memory type for a \(placement) buffer")
        }
        var allocation = VkMemoryAllocateInfo()
        allocation.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO
        allocation.allocationSize = requirements.size
        allocation.memoryTypeIndex = typeIndex
        var memory: VkDeviceMemory?
        let allocated = vkAllocateMemory(device.handle, &allocation, nil, &memory)
        guard allocated == VK_SUCCESS, let memory else {
            vkDestroyBuffer(device.handle, buffer, nil)
            try allocated.check("vkAllocateMemory(\(requirements.size) bytes)")
            throw RenderError(.vulkanCall, "vkAllocateMemory returned no memory")
        }
        vkBindBufferMemory(device.handle, buffer, memory, 0)
        var mapped: UnsafeMutableRawPointer?
        if placement != .device {
            let mapResult = vkMapMemory(device.handle, memory, 0, hc_vk_whole_size(), 0, &mapped)
            if mapResult != VK_SUCCESS {
                vkFreeMemory(device.handle, memory, nil)
                vkDestroyBuffer(device.handle, buffer, nil)
                try mapResult.check("vkMapMemory")
            }
        }
        self.device = device
        self.handle = buffer
        self.memory = memory
        self.size = size
        self.mapped = mapped
        self.coherent = device.isCoherent(memoryType: typeIndex)
    }

    deinit {
        if mapped != nil { vkUnmapMemory(device.handle, memory) }
        vkDestroyBuffer(device.handle, handle, nil)
        vkFreeMemory(device.handle, memory, nil)
    }

    /// Copies `values` to the start of a mapped buffer.
    func upload<T>(_ values: [T]) {
        guard let mapped else { preconditionFailure("upload into a buffer that is not host visible") }
        values.withUnsafeBytes { bytes in
            precondition(bytes.count <= size, "upload of \(bytes.count) bytes into a \(size)-byte buffer")
            mapped.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        }
    }

    /// Makes GPU writes visible to the CPU on non-coherent memory.
    func invalidate() {
        guard !coherent else { return }
        var range = VkMappedMemoryRange()
        range.sType = VK_STRUCTURE_TYPE_MAPPED_MEMORY_RANGE
        range.memory = memory
        range.offset = 0
        range.size = hc_vk_whole_size()
        vkInvalidateMappedMemoryRanges(device.handle, 1, &range)
    }
}
