/// Which physical device to render on: the most preferred one, or the one the user named by index or name.
public enum DeviceSelection: Sendable, Equatable {
    case preferred
    case named(String)

    /// Parses a `--device` value: absent or `auto` means preferred.
    public init(argument: String?) {
        guard let argument, !argument.isEmpty, argument != "auto" else {
            self = .preferred
            return
        }
        self = .named(argument)
    }

    /// Picks a device, explaining the choice in one line.
    public func choose(from devices: [GPUDeviceInfo]) throws(RenderError) -> (GPUDeviceInfo, reason: String) {
        guard !devices.isEmpty else {
            throw RenderError(.noDevice, Self.installAdvice(prefix: "Vulkan found no physical device"))
        }
        switch self {
        case .preferred:
            let best = devices.max { lhs, rhs in
                lhs.preference != rhs.preference ? lhs.preference < rhs.preference : lhs.index > rhs.index
            }!
            let why =
                best.isNVIDIA
                ? "NVIDIA is preferred" : best.kind == .cpu ? "only a CPU driver is available" : "highest ranked"
            return (best, "\(why) (\(best.kind.rawValue)); override with --device")
        case .named(let wanted):
            if let index = Int(wanted), let device = devices.first(where: { $0.index == index }) {
                return (device, "chosen by --device \(wanted)")
            }
            if let device = devices.first(where: { $0.name.lowercased().contains(wanted.lowercased()) }) {
                return (device, "chosen by --device \(wanted)")
            }
            let known = devices.map(\.description).joined(separator: "; ")
            throw RenderError(.deviceNotFound, "no Vulkan device matches '\(wanted)'; devices: \(known)")
        }
    }

    static func installAdvice(prefix: String) -> String {
        "\(prefix): install a Vulkan driver — `apt-get install mesa-vulkan-drivers libvulkan1` for the CPU "
            + "(lavapipe) driver, or the NVIDIA driver with its Vulkan ICD on a GPU machine"
    }
}
