import ArgumentParser
import HyperRender
import HyperScene

/// `hypercube devices`: what Vulkan sees, which device would be used and why.
struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List the Vulkan devices and the one that would be used."
    )

    @Option(help: "Device to pick: an index or part of a name (default: NVIDIA first, then by type).")
    var device: String?

    @Option(help: "Picture size at which to measure the RGBA→I420 converters.")
    var size: String = "640x360"

    func run() throws {
        do {
            let instance = try VulkanInstance()
            for info in instance.devices {
                let timing = info.hasTimestamps ? "timestamps" : "no timestamps"
                print("\(info.description), \(timing)")
            }
            let (chosen, reason) = try DeviceSelection(argument: device).choose(from: instance.devices)
            print("using #\(chosen.index) \(chosen.name): \(reason)")
            let device = try VulkanDevice(selection: DeviceSelection(argument: self.device))
            let scene = try SceneCatalog.locate().scene(named: "tesseract")
            let (width, height) = try RenderOptions.parseSize(size)
            let plan = try RenderPlan(scene: scene, options: RenderOptions(scene: scene, width: width, height: height))
            let renderer = try GPURenderer(device: device, plan: plan)
            if let calibration = renderer.i420Calibration { print("at \(size): \(calibration)") }
        } catch {
            throw fail(error)
        }
    }
}
