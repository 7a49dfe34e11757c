import Synchronization

/// One `VulkanDevice` for every render of a server (sessions and XR viewers' own renders), opened by the first render
/// that asks for it and kept: each render used to open a device of its own, which costs memory and start-up time per
/// headset. A failed open is not kept, so the next render tries again.
public final class SharedVulkanDevice: Sendable {
    public let selection: DeviceSelection
    private let device = Mutex<VulkanDevice?>(nil)

    public init(selection: DeviceSelection = .preferred) {
        self.selection = selection
    }

    /// The device, opened now if no render has opened it yet.
    public func get() throws(RenderError) -> VulkanDevice {
        try device.withLock { device throws(RenderError) in
            if let device { return device }
            let opened = try VulkanDevice(selection: selection)
            device = opened
            return opened
        }
    }
}
