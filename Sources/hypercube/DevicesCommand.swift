import ArgumentParser
import HyperRender

/// `hypercube devices`: what Vulkan sees, which device would be used and why.
struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List the Vulkan devices and the one that would be used."
    )

    @Option(help: "Device to pick: an index or part of a name (default: NVIDIA first, then by type).")
    var device: String?

    func run() throws {
        do {
            let instance = try VulkanInstance()
            for info in instance.devices {
                let timing = info.hasTimestamps ? "timestamps" : "no timestamps"
                print("\(info.description), \(timing)")
            }
            let (chosen, reason) = try DeviceSelection(argument: device).choose(from: instance.devices)
            print("using #\(chosen.index) \(chosen.name): \(reason)")
        } catch {
            throw fail(error)
        }
    }
}
