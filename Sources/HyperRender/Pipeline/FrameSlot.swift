internal import CVulkan

/// The buffers, descriptor set, command buffer, fence and timestamp queries of one frame in flight.
final class FrameSlot {
    let device: VulkanDevice
    let commandBuffer: VkCommandBuffer
    let fence: VkFence
    let descriptorSet: VkDescriptorSet
    let queryPool: VkQueryPool?
    var pending: FrameTicket?
    var readRGBA = false

    let frame: GPUBuffer
    private(set) var objects: GPUBuffer
    private(set) var vertices: GPUBuffer
    private(set) var primitives: GPUBuffer
    private(set) var projected: GPUBuffer
    private(set) var tileBits: GPUBuffer
    private(set) var setups: GPUBuffer
    private var texelViews: [VkBufferView] = []
    let rgba: GPUBuffer
    let planes: GPUBuffer
    let rgbaReadback: GPUBuffer
    let planesReadback: GPUBuffer
    var uploadedGeometry: Int = -1

    static let timestampCount: UInt32 = 6
    /// Storage buffers bound for every stage: frame, objects, vertices, projected, primitives, tile bits, RGBA,
    /// I420 planes, primitive setups.
    static let storageBindingCount = 9
    /// Uniform texel buffers after them: the primitive setups (RGBA32F) and the tile bits (R32UI) again, which
    /// the raster stage reads as texels, the one kind of load a CPU driver (lavapipe) vectorizes.
    static let texelBindingCount = 2
    /// Bytes of one `PrimitiveSetup` as Shaders/bin.comp writes it (six vec4).
    static let setupStride = 96

    init(
        device: VulkanDevice,
        commandPool: VkCommandPool,
        descriptorPool: VkDescriptorPool,
        setLayout: VkDescriptorSetLayout,
        imageBytes: Int,
        planeBytes: Int
    ) throws(RenderError) {
        self.device = device
        var allocate = VkCommandBufferAllocateInfo()
        allocate.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO
        allocate.commandPool = commandPool
        allocate.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY
        allocate.commandBufferCount = 1
        var commandBuffer: VkCommandBuffer?
        try vkAllocateCommandBuffers(device.handle, &allocate, &commandBuffer).check("vkAllocateCommandBuffers")
        self.commandBuffer = commandBuffer!

        var fenceInfo = VkFenceCreateInfo()
        fenceInfo.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO
        var fence: VkFence?
        try vkCreateFence(device.handle, &fenceInfo, nil, &fence).check("vkCreateFence")
        self.fence = fence!

        var layout: VkDescriptorSetLayout? = setLayout
        var setInfo = VkDescriptorSetAllocateInfo()
        setInfo.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO
        setInfo.descriptorPool = descriptorPool
        setInfo.descriptorSetCount = 1
        var set: VkDescriptorSet?
        try withUnsafePointer(to: &layout) { pointer throws(RenderError) in
            setInfo.pSetLayouts = pointer
            try vkAllocateDescriptorSets(device.handle, &setInfo, &set).check("vkAllocateDescriptorSets")
        }
        self.descriptorSet = set!

        if device.timestampPeriod > 0 {
            var queryInfo = VkQueryPoolCreateInfo()
            queryInfo.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO
            queryInfo.queryType = VK_QUERY_TYPE_TIMESTAMP
            queryInfo.queryCount = Self.timestampCount
            var pool: VkQueryPool?
            try vkCreateQueryPool(device.handle, &queryInfo, nil, &pool).check("vkCreateQueryPool")
            self.queryPool = pool
        } else {
            self.queryPool = nil
        }

        frame = try GPUBuffer(device: device, size: FrameUniform.byteCount, placement: .upload)
        objects = try GPUBuffer(device: device, size: 16, placement: .upload)
        vertices = try GPUBuffer(device: device, size: 16, placement: .upload)
        primitives = try GPUBuffer(device: device, size: 16, placement: .upload)
        projected = try GPUBuffer(device: device, size: 16, placement: .device)
        tileBits = try GPUBuffer(device: device, size: 16, placement: .device)
        setups = try GPUBuffer(device: device, size: Self.setupStride, placement: .device)
        rgba = try GPUBuffer(device: device, size: imageBytes, placement: .device)
        planes = try GPUBuffer(device: device, size: planeBytes, placement: .device)
        rgbaReadback = try GPUBuffer(device: device, size: imageBytes, placement: .readback)
        planesReadback = try GPUBuffer(device: device, size: planeBytes, placement: .readback)
        planesReadback.mapped!.initializeMemory(as: UInt8.self, repeating: 0, count: planeBytes)
    }

    /// I420 planes converted on the CPU (`I420Converter.libyuv`), allocated on first use; padding stays zero.
    private var hostPlaneStorage: UnsafeMutableRawBufferPointer?

    func hostPlanes(byteCount: Int) -> UnsafeMutableRawBufferPointer {
        if let hostPlaneStorage, hostPlaneStorage.count == byteCount { return hostPlaneStorage }
        hostPlaneStorage?.deallocate()
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: byteCount, alignment: 64)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        hostPlaneStorage = storage
        return storage
    }

    deinit {
        destroyTexelViews()
        hostPlaneStorage?.deallocate()
        if let queryPool { vkDestroyQueryPool(device.handle, queryPool, nil) }
        vkDestroyFence(device.handle, fence, nil)
    }

    /// Grows the geometry buffers when a frame needs more room, then points the descriptor set at them.
    func ensureCapacity(
        objects objectBytes: Int,
        vertices vertexBytes: Int,
        primitives primitiveBytes: Int,
        setups setupBytes: Int,
        projected projectedBytes: Int,
        tileBits tileBytes: Int
    ) throws(RenderError) {
        var changed = uploadedGeometry < 0
        func grow(_ buffer: inout GPUBuffer, _ bytes: Int, _ placement: GPUBuffer.Placement) throws(RenderError) {
            guard buffer.size < bytes else { return }
            buffer = try GPUBuffer(device: device, size: bytes + bytes / 4, placement: placement)
            changed = true
        }
        try grow(&objects, objectBytes, .upload)
        try grow(&vertices, vertexBytes, .upload)
        try grow(&primitives, primitiveBytes, .upload)
        try grow(&projected, projectedBytes, .device)
        try grow(&tileBits, tileBytes, .device)
        try grow(&setups, setupBytes, .device)
        if changed {
            try bindDescriptors()
            uploadedGeometry = -1
        }
    }

    private func bindDescriptors() throws(RenderError) {
        let buffers = [frame, objects, vertices, projected, primitives, tileBits, rgba, planes, setups]
        var infos = buffers.map { buffer in
            VkDescriptorBufferInfo(buffer: buffer.handle, offset: 0, range: hc_vk_whole_size())
        }
        destroyTexelViews()
        var views: [VkBufferView?] = [
            try makeTexelView(setups, format: VK_FORMAT_R32G32B32A32_SFLOAT),
            try makeTexelView(tileBits, format: VK_FORMAT_R32_UINT),
        ]
        texelViews = views.compactMap { $0 }
        infos.withUnsafeMutableBufferPointer { pointer in
            views.withUnsafeMutableBufferPointer { viewPointer in
                var writes = (0..<pointer.count).map { binding in
                    var write = VkWriteDescriptorSet()
                    write.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET
                    write.dstSet = descriptorSet
                    write.dstBinding = UInt32(binding)
                    write.descriptorCount = 1
                    write.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER
                    write.pBufferInfo = UnsafePointer(pointer.baseAddress! + binding)
                    return write
                }
                for index in 0..<viewPointer.count {
                    var write = VkWriteDescriptorSet()
                    write.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET
                    write.dstSet = descriptorSet
                    write.dstBinding = UInt32(Self.storageBindingCount + index)
                    write.descriptorCount = 1
                    write.descriptorType = VK_DESCRIPTOR_TYPE_UNIFORM_TEXEL_BUFFER
                    write.pTexelBufferView = UnsafePointer(viewPointer.baseAddress! + index)
                    writes.append(write)
                }
                vkUpdateDescriptorSets(device.handle, UInt32(writes.count), &writes, 0, nil)
            }
        }
    }

    private func makeTexelView(_ buffer: GPUBuffer, format: VkFormat) throws(RenderError) -> VkBufferView? {
        var info = VkBufferViewCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_BUFFER_VIEW_CREATE_INFO
        info.buffer = buffer.handle
        info.format = format
        info.offset = 0
        info.range = hc_vk_whole_size()
        var view: VkBufferView?
        try vkCreateBufferView(device.handle, &info, nil, &view).check("vkCreateBufferView")
        return view
    }

    private func destroyTexelViews() {
        for view in texelViews { vkDestroyBufferView(device.handle, view, nil) }
        texelViews = []
    }

    /// Timestamps of the last completed frame, converted to per-stage milliseconds.
    func readTimings() -> StageTimings? {
        guard let queryPool else { return nil }
        var stamps = [UInt64](repeating: 0, count: Int(Self.timestampCount))
        let flags = VkQueryResultFlags(VK_QUERY_RESULT_64_BIT.rawValue | VK_QUERY_RESULT_WAIT_BIT.rawValue)
        let result = vkGetQueryPoolResults(
            device.handle, queryPool, 0, Self.timestampCount, stamps.count * 8, &stamps, 8, flags
        )
        guard result == VK_SUCCESS else { return nil }
        let period = device.timestampPeriod / 1_000_000
        let ms = (1..<stamps.count).map { Double(stamps[$0] &- stamps[$0 - 1]) * period }
        return StageTimings(transform: ms[0], bin: ms[1], raster: ms[2], i420: ms[3], readback: ms[4])
    }
}
