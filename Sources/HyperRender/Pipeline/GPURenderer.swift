internal import CVulkan
public import HyperImage
import Synchronization

/// Renders a scene with the Vulkan compute pipeline (transform → bin → raster → RGBA→I420), keeping several
/// frames in flight: `submit` records and queues a frame, `wait` (or `withCompletedFrame`) collects it.
public final class GPURenderer {
    public let device: VulkanDevice
    public private(set) var plan: RenderPlan
    public let layout: I420Layout
    /// How RGBA becomes I420: given, or measured at start (`i420Calibration`).
    public private(set) var i420Converter: I420Converter = .shader
    /// The measurement behind `i420Converter` when the renderer chose it.
    public private(set) var i420Calibration: I420Calibration?
    private let setLayout: VkDescriptorSetLayout
    private let pipelineLayout: VkPipelineLayout
    private let descriptorPool: VkDescriptorPool
    private let commandPool: VkCommandPool
    private let transform: ComputePipeline
    private let bin: ComputePipeline
    private let raster: ComputePipeline
    private let toI420: ComputePipeline
    private var slots: [FrameSlot] = []
    private var nextSlot = 0
    private var sequence: UInt64 = 0

    /// `i420` picks the RGBA→I420 converter; nil measures both on this device and keeps the faster.
    public init(
        device: VulkanDevice,
        plan: RenderPlan,
        framesInFlight: Int = 2,
        i420: I420Converter? = nil
    ) throws(RenderError) {
        precondition(framesInFlight >= 1)
        self.device = device
        self.plan = plan
        self.layout = I420Layout(width: plan.options.width, height: plan.options.height)

        let bindingCount = FrameSlot.storageBindingCount + FrameSlot.texelBindingCount
        var bindings = (0..<bindingCount).map { binding in
            var entry = VkDescriptorSetLayoutBinding()
            entry.binding = UInt32(binding)
            entry.descriptorType =
                binding < FrameSlot.storageBindingCount
                ? VK_DESCRIPTOR_TYPE_STORAGE_BUFFER : VK_DESCRIPTOR_TYPE_UNIFORM_TEXEL_BUFFER
            entry.descriptorCount = 1
            entry.stageFlags = VkShaderStageFlags(VK_SHADER_STAGE_COMPUTE_BIT.rawValue)
            return entry
        }
        var setLayoutInfo = VkDescriptorSetLayoutCreateInfo()
        setLayoutInfo.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO
        setLayoutInfo.bindingCount = UInt32(bindings.count)
        var setLayout: VkDescriptorSetLayout?
        try bindings.withUnsafeMutableBufferPointer { pointer throws(RenderError) in
            setLayoutInfo.pBindings = UnsafePointer(pointer.baseAddress)
            try vkCreateDescriptorSetLayout(device.handle, &setLayoutInfo, nil, &setLayout)
                .check("vkCreateDescriptorSetLayout")
        }
        self.setLayout = setLayout!

        var pipelineLayoutInfo = VkPipelineLayoutCreateInfo()
        pipelineLayoutInfo.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO
        pipelineLayoutInfo.setLayoutCount = 1
        var pipelineLayout: VkPipelineLayout?
        try withUnsafePointer(to: &setLayout) { pointer throws(RenderError) in
            pipelineLayoutInfo.pSetLayouts = pointer
            try vkCreatePipelineLayout(device.handle, &pipelineLayoutInfo, nil, &pipelineLayout)
                .check("vkCreatePipelineLayout")
        }
        self.pipelineLayout = pipelineLayout!

        var poolSizes = [
            VkDescriptorPoolSize(
                type: VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
                descriptorCount: UInt32(FrameSlot.storageBindingCount * framesInFlight)
            ),
            VkDescriptorPoolSize(
                type: VK_DESCRIPTOR_TYPE_UNIFORM_TEXEL_BUFFER,
                descriptorCount: UInt32(FrameSlot.texelBindingCount * framesInFlight)
            ),
        ]
        var poolInfo = VkDescriptorPoolCreateInfo()
        poolInfo.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO
        poolInfo.maxSets = UInt32(framesInFlight)
        poolInfo.poolSizeCount = UInt32(poolSizes.count)
        var descriptorPool: VkDescriptorPool?
        try poolSizes.withUnsafeMutableBufferPointer { pointer throws(RenderError) in
            poolInfo.pPoolSizes = UnsafePointer(pointer.baseAddress)
            try vkCreateDescriptorPool(device.handle, &poolInfo, nil, &descriptorPool).check("vkCreateDescriptorPool")
        }
        self.descriptorPool = descriptorPool!

        var commandPoolInfo = VkCommandPoolCreateInfo()
        commandPoolInfo.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO
        commandPoolInfo.flags = VkCommandPoolCreateFlags(VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT.rawValue)
        commandPoolInfo.queueFamilyIndex = device.queueFamily
        var commandPool: VkCommandPool?
        try vkCreateCommandPool(device.handle, &commandPoolInfo, nil, &commandPool).check("vkCreateCommandPool")
        self.commandPool = commandPool!

        transform = try ComputePipeline(device: device, shader: ShaderLibrary.transform, layout: self.pipelineLayout)
        bin = try ComputePipeline(device: device, shader: ShaderLibrary.bin, layout: self.pipelineLayout)
        raster = try ComputePipeline(device: device, shader: ShaderLibrary.raster, layout: self.pipelineLayout)
        toI420 = try ComputePipeline(device: device, shader: ShaderLibrary.rgbaToI420, layout: self.pipelineLayout)

        for _ in 0..<framesInFlight {
            slots.append(
                try FrameSlot(
                    device: device,
                    commandPool: self.commandPool,
                    descriptorPool: self.descriptorPool,
                    setLayout: self.setLayout,
                    imageBytes: plan.options.width * plan.options.height * 4,
                    planeBytes: layout.byteCount
                )
            )
        }
        let size = SIMD2(plan.options.width, plan.options.height)
        if let i420 {
            i420Converter = i420
        } else if let known = device.i420Choices.withLock({ $0[size] }) {
            i420Calibration = known
            i420Converter = known.chosen
        } else {
            let calibration = try calibrateI420()
            device.i420Choices.withLock { $0[size] = calibration }
            i420Calibration = calibration
            i420Converter = calibration.chosen
        }
    }

    /// Times the shader (GPU timestamps) and libyuv (CPU clock) on three frames of this plan and picks the faster;
    /// without timestamps, libyuv on a CPU device and the shader elsewhere.
    private func calibrateI420() throws(RenderError) -> I420Calibration {
        i420Converter = .shader
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: layout.byteCount, alignment: 64)
        defer { scratch.deallocate() }
        var shader: [Double] = []
        var libyuv: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<3 {
            let ticket = try submit(time: 0, readRGBA: true)
            try withCompletedFrame(ticket) { frame in
                if let timings = frame.timings { shader.append(timings.i420) }
                guard let rgba = frame.rgbaBytes else { return }
                let started = clock.now
                I420Converter.convertWithLibyuv(rgba: rgba, into: scratch, layout: layout)
                libyuv.append(I420Converter.milliseconds(clock.now - started))
            }
        }
        func median(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.sorted()[values.count / 2] }
        let libyuvMs = median(libyuv) ?? .infinity
        let shaderMs = median(shader)
        let chosen: I420Converter
        if let shaderMs {
            chosen = libyuvMs < shaderMs ? .libyuv : .shader
        } else {
            chosen = device.info.kind == .cpu ? .libyuv : .shader
        }
        return I420Calibration(shaderMilliseconds: shaderMs, libyuvMilliseconds: libyuvMs, chosen: chosen)
    }

    deinit {
        vkDeviceWaitIdle(device.handle)
        slots.removeAll()
        vkDestroyCommandPool(device.handle, commandPool, nil)
        vkDestroyDescriptorPool(device.handle, descriptorPool, nil)
        vkDestroyPipelineLayout(device.handle, pipelineLayout, nil)
        vkDestroyDescriptorSetLayout(device.handle, setLayout, nil)
    }

    public var framesInFlight: Int { slots.count }

    /// Frames submitted to the GPU so far, the converter's calibration frames included.
    public var framesSubmitted: UInt64 { sequence }

    /// Renders from the next submitted frame on with another plan of the same picture size (a projection, style
    /// or stereo change), keeping the device, pipelines and frame slots.
    public func replacePlan(_ newPlan: RenderPlan) throws(RenderError) {
        guard newPlan.options.width == plan.options.width, newPlan.options.height == plan.options.height else {
            throw RenderError(
                .invalidSize,
                "a live plan change keeps the picture size \(plan.options.width)x\(plan.options.height); "
                    + "got \(newPlan.options.width)x\(newPlan.options.height)"
            )
        }
        plan = newPlan
        for slot in slots { slot.uploadedGeometry = -1 }
    }

    /// Renders the frame at `time` (from `pose`, when given) and copies it out: submit + wait.
    public func render(time: Double, readRGBA: Bool = true, pose: HeadPose? = nil) throws(RenderError) -> RenderedFrame
    {
        try wait(submit(time: time, readRGBA: readRGBA, pose: pose))
    }

    /// Queues the frame at `time` on the GPU and returns at once; with `pose`, seen from that XR head. A slot whose
    /// frame was never collected is reused after its frame finishes.
    public func submit(time: Double, readRGBA: Bool = false, pose: HeadPose? = nil) throws(RenderError) -> FrameTicket {
        let index = nextSlot
        nextSlot = (nextSlot + 1) % slots.count
        let slot = slots[index]
        if slot.pending != nil {
            try waitForFence(slot)
            slot.pending = nil
        }
        let geometry = try plan.geometry(at: time)
        let uniform = plan.frameUniform(geometry: geometry, layout: layout, pose: pose)
        let objects = plan.objectUniforms(at: time, pose: pose).flatMap {
            $0.encoded()
        }
        let tileWords = plan.tilesX * plan.tilesY * Int(uniform.wordsPerTile)
        let setupTexels = geometry.primitives.count * FrameSlot.setupStride / 16
        guard max(tileWords, setupTexels) <= device.maxTexelBufferElements else {
            throw RenderError(
                .sceneTooComplex,
                "\(geometry.primitives.count) primitives at \(plan.options.width)x\(plan.options.height) need "
                    + "\(max(tileWords, setupTexels)) texels in one buffer view; \(device.info.name) allows "
                    + "\(device.maxTexelBufferElements) (turn faces off or render smaller)"
            )
        }
        try slot.ensureCapacity(
            objects: objects.count * 4,
            vertices: geometry.vertices.count * MemoryLayout<ModelVertex>.stride,
            primitives: geometry.primitives.count * 16,
            setups: geometry.primitives.count * FrameSlot.setupStride,
            projected: geometry.vertices.count * plan.eyeCount * 32,
            tileBits: tileWords * 4
        )
        slot.frame.upload(uniform.encoded())
        slot.objects.upload(objects)
        if plan.isSlice || slot.uploadedGeometry != 0 {
            slot.vertices.upload(geometry.vertices)
            slot.primitives.upload(geometry.primitives)
            slot.uploadedGeometry = 0
        }
        slot.readRGBA = readRGBA
        try record(
            slot,
            vertexInvocations: geometry.vertices.count * plan.eyeCount,
            primitives: geometry.primitives.count,
            tileBytes: tileWords * 4
        )
        var submitInfo = VkSubmitInfo()
        submitInfo.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO
        submitInfo.commandBufferCount = 1
        var commandBuffer: VkCommandBuffer? = slot.commandBuffer
        try withUnsafePointer(to: &commandBuffer) { pointer throws(RenderError) in
            submitInfo.pCommandBuffers = pointer
            try device.submit(&submitInfo, fence: slot.fence)
        }
        sequence += 1
        let ticket = FrameTicket(slot: index, sequence: sequence, time: time)
        slot.pending = ticket
        return ticket
    }

    /// Waits for a submitted frame and copies its planes (and RGBA when it was asked for) out.
    public func wait(_ ticket: FrameTicket) throws(RenderError) -> RenderedFrame {
        try withCompletedFrame(ticket) { $0.copied() }
    }

    /// Renders the frames at `times` with every frame slot kept busy, and lends each finished frame, in order
    /// and with its index, to `body` while it is still in staging memory.
    public func renderSequence(
        times: [Double],
        readRGBA: Bool = false,
        _ body: (Int, CompletedFrame) throws -> Void
    ) throws {
        var pending: [(index: Int, ticket: FrameTicket)] = []
        func collect(_ next: (index: Int, ticket: FrameTicket)) throws {
            try withCompletedFrame(next.ticket) { frame in
                Result { try body(next.index, frame) }
            }.get()
        }
        for (index, time) in times.enumerated() {
            pending.append((index, try submit(time: time, readRGBA: readRGBA)))
            if pending.count == framesInFlight { try collect(pending.removeFirst()) }
        }
        for next in pending { try collect(next) }
    }

    /// Waits for a submitted frame and lends its staging memory to `body` without copying.
    public func withCompletedFrame<Result>(
        _ ticket: FrameTicket,
        _ body: (CompletedFrame) throws(RenderError) -> Result
    ) throws(RenderError) -> Result {
        let slot = slots[ticket.slot]
        guard slot.pending == ticket else {
            throw RenderError(.vulkanCall, "frame \(ticket.sequence) was already collected or overwritten")
        }
        try waitForFence(slot)
        slot.pending = nil
        var timings = slot.readTimings()
        let image = UnsafeRawBufferPointer(
            start: slot.rgbaReadback.mapped,
            count: plan.options.width * plan.options.height * 4
        )
        if slot.readRGBA || i420Converter == .libyuv { slot.rgbaReadback.invalidate() }
        let planes: UnsafeRawBufferPointer
        switch i420Converter {
        case .shader:
            slot.planesReadback.invalidate()
            planes = UnsafeRawBufferPointer(start: slot.planesReadback.mapped, count: layout.byteCount)
        case .libyuv:
            let clock = ContinuousClock()
            let started = clock.now
            let host = slot.hostPlanes(byteCount: layout.byteCount)
            I420Converter.convertWithLibyuv(rgba: image, into: host, layout: layout)
            timings?.i420 = I420Converter.milliseconds(clock.now - started)
            planes = UnsafeRawBufferPointer(host)
        }
        let frame = CompletedFrame(
            time: ticket.time,
            layout: layout,
            i420Bytes: planes,
            rgbaBytes: slot.readRGBA ? image : nil,
            timings: timings
        )
        return try body(frame)
    }

    private func waitForFence(_ slot: FrameSlot) throws(RenderError) {
        var fence: VkFence? = slot.fence
        try vkWaitForFences(device.handle, 1, &fence, VkBool32(VK_TRUE), UInt64.max).check("vkWaitForFences")
        try vkResetFences(device.handle, 1, &fence).check("vkResetFences")
    }

    private func record(
        _ slot: FrameSlot,
        vertexInvocations: Int,
        primitives: Int,
        tileBytes: Int
    ) throws(RenderError) {
        let commands = slot.commandBuffer
        try vkResetCommandBuffer(commands, 0).check("vkResetCommandBuffer")
        var begin = VkCommandBufferBeginInfo()
        begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO
        begin.flags = VkCommandBufferUsageFlags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT.rawValue)
        try vkBeginCommandBuffer(commands, &begin).check("vkBeginCommandBuffer")

        let computeStage = VkPipelineStageFlags(VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT.rawValue)
        let transferStage = VkPipelineStageFlags(VK_PIPELINE_STAGE_TRANSFER_BIT.rawValue)
        func stamp(_ index: UInt32, _ stage: VkPipelineStageFlagBits) {
            if let pool = slot.queryPool { vkCmdWriteTimestamp(commands, stage, pool, index) }
        }
        if let pool = slot.queryPool { vkCmdResetQueryPool(commands, pool, 0, FrameSlot.timestampCount) }
        stamp(0, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT)
        vkCmdFillBuffer(commands, slot.tileBits.handle, 0, VkDeviceSize(tileBytes), 0)
        barrier(
            commands, from: transferStage, to: computeStage, VK_ACCESS_TRANSFER_WRITE_BIT, VK_ACCESS_SHADER_READ_BIT)

        var set: VkDescriptorSet? = slot.descriptorSet
        vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_COMPUTE, pipelineLayout, 0, 1, &set, 0, nil)

        vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, transform.handle)
        vkCmdDispatch(commands, UInt32((vertexInvocations + 63) / 64), 1, 1)
        stamp(1, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT)
        barrier(commands, from: computeStage, to: computeStage, VK_ACCESS_SHADER_WRITE_BIT, VK_ACCESS_SHADER_READ_BIT)

        vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, bin.handle)
        vkCmdDispatch(commands, UInt32(max(1, (primitives + 63) / 64)), 1, 1)
        stamp(2, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT)
        barrier(commands, from: computeStage, to: computeStage, VK_ACCESS_SHADER_WRITE_BIT, VK_ACCESS_SHADER_READ_BIT)

        vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, raster.handle)
        vkCmdDispatch(commands, UInt32(plan.tilesX), UInt32(plan.tilesY), 1)
        stamp(3, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT)
        barrier(commands, from: computeStage, to: computeStage, VK_ACCESS_SHADER_WRITE_BIT, VK_ACCESS_SHADER_READ_BIT)

        if i420Converter == .shader {
            vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, toI420.handle)
            let blocksX = (layout.yStride / 8 + 7) / 8
            let blocksY = (layout.height / 2 + 7) / 8
            vkCmdDispatch(commands, UInt32(blocksX), UInt32(blocksY), 1)
        }
        stamp(4, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT)
        barrier(
            commands, from: computeStage, to: transferStage, VK_ACCESS_SHADER_WRITE_BIT, VK_ACCESS_TRANSFER_READ_BIT)

        if i420Converter == .shader {
            var planeCopy = VkBufferCopy(srcOffset: 0, dstOffset: 0, size: VkDeviceSize(layout.byteCount))
            vkCmdCopyBuffer(commands, slot.planes.handle, slot.planesReadback.handle, 1, &planeCopy)
        }
        if slot.readRGBA || i420Converter == .libyuv {
            var imageCopy = VkBufferCopy(
                srcOffset: 0,
                dstOffset: 0,
                size: VkDeviceSize(plan.options.width * plan.options.height * 4)
            )
            vkCmdCopyBuffer(commands, slot.rgba.handle, slot.rgbaReadback.handle, 1, &imageCopy)
        }
        stamp(5, VK_PIPELINE_STAGE_TRANSFER_BIT)
        barrier(
            commands,
            from: transferStage,
            to: VkPipelineStageFlags(VK_PIPELINE_STAGE_HOST_BIT.rawValue),
            VK_ACCESS_TRANSFER_WRITE_BIT,
            VK_ACCESS_HOST_READ_BIT
        )
        try vkEndCommandBuffer(commands).check("vkEndCommandBuffer")
    }

    private func barrier(
        _ commands: VkCommandBuffer,
        from source: VkPipelineStageFlags,
        to destination: VkPipelineStageFlags,
        _ sourceAccess: VkAccessFlagBits,
        _ destinationAccess: VkAccessFlagBits
    ) {
        var memoryBarrier = VkMemoryBarrier()
        memoryBarrier.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER
        memoryBarrier.srcAccessMask = VkAccessFlags(sourceAccess.rawValue)
        memoryBarrier.dstAccessMask = VkAccessFlags(destinationAccess.rawValue)
        vkCmdPipelineBarrier(commands, source, destination, 0, 1, &memoryBarrier, 0, nil, 0, nil)
    }
}
