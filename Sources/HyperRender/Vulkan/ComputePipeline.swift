internal import CVulkan

/// One compute shader bound into a pipeline that shares the renderer's descriptor set layout.
final class ComputePipeline {
    let device: VulkanDevice
    let module: VkShaderModule
    let handle: VkPipeline

    init(device: VulkanDevice, shader: ShaderSource, layout: VkPipelineLayout) throws(RenderError) {
        let words = shader.words
        var module: VkShaderModule?
        let created = words.withUnsafeBufferPointer { pointer -> VkResult in
            var info = VkShaderModuleCreateInfo()
            info.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO
            info.codeSize = words.count * 4
            info.pCode = pointer.baseAddress
            return vkCreateShaderModule(device.handle, &info, nil, &module)
        }
        try created.check("vkCreateShaderModule(\(shader.name))")
        guard let module else { throw RenderError(.vulkanCall, "no shader module for \(shader.name)") }
        var pipeline: VkPipeline?
        let result = "main".withCString { entry -> VkResult in
            var stage = VkPipelineShaderStageCreateInfo()
            stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO
            stage.stage = VK_SHADER_STAGE_COMPUTE_BIT
            stage.module = module
            stage.pName = entry
            var info = VkComputePipelineCreateInfo()
            info.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO
            info.stage = stage
            info.layout = layout
            return vkCreateComputePipelines(device.handle, nil, 1, &info, nil, &pipeline)
        }
        guard result == VK_SUCCESS, let pipeline else {
            vkDestroyShaderModule(device.handle, module, nil)
            try result.check("vkCreateComputePipelines(\(shader.name))")
            throw RenderError(.vulkanCall, "no pipeline for \(shader.name)")
        }
        self.device = device
        self.module = module
        self.handle = pipeline
    }

    deinit {
        vkDestroyPipeline(device.handle, handle, nil)
        vkDestroyShaderModule(device.handle, module, nil)
    }
}
