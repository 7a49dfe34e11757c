internal import CVulkan

/// One physical device as Vulkan reports it, and how much the renderer would like to use it.
public struct GPUDeviceInfo: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case discrete = "discrete GPU"
        case integrated = "integrated GPU"
        case virtual = "virtual GPU"
        case cpu = "CPU"
        case other = "other"
    }

    public var index: Int
    public var name: String
    public var kind: Kind
    public var vendorID: UInt32
    public var deviceID: UInt32
    public var apiVersion: String
    public var driverVersion: UInt32
    public var hasTimestamps: Bool

    public init(
        index: Int,
        name: String,
        kind: Kind,
        vendorID: UInt32,
        deviceID: UInt32,
        apiVersion: String,
        driverVersion: UInt32,
        hasTimestamps: Bool
    ) {
        self.index = index
        self.name = name
        self.kind = kind
        self.vendorID = vendorID
        self.deviceID = deviceID
        self.apiVersion = apiVersion
        self.driverVersion = driverVersion
        self.hasTimestamps = hasTimestamps
    }

    /// NVIDIA (the production target) first, then any discrete GPU, integrated, virtual, and the CPU driver last.
    public var preference: Int {
        let base: Int
        switch kind {
        case .discrete: base = 400
        case .integrated: base = 300
        case .virtual: base = 200
        case .cpu: base = 100
        case .other: base = 0
        }
        return base + (isNVIDIA ? 1000 : 0)
    }

    public var isNVIDIA: Bool { vendorID == 0x10DE }

    public var description: String {
        "#\(index) \(name) (\(kind.rawValue), vendor 0x\(String(vendorID, radix: 16)), Vulkan \(apiVersion))"
    }
}

extension GPUDeviceInfo.Kind {
    init(_ type: VkPhysicalDeviceType) {
        switch type {
        case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: self = .discrete
        case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: self = .integrated
        case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: self = .virtual
        case VK_PHYSICAL_DEVICE_TYPE_CPU: self = .cpu
        default: self = .other
        }
    }
}
