import HyperRender
import Testing

/// Device choice: NVIDIA first, then discrete, integrated, virtual, CPU; `--device` by index or name.
@Suite struct DeviceSelectionTests {
    static func device(_ index: Int, _ name: String, _ kind: GPUDeviceInfo.Kind, vendor: UInt32) -> GPUDeviceInfo {
        GPUDeviceInfo(
            index: index, name: name, kind: kind, vendorID: vendor, deviceID: 1, apiVersion: "1.3.0",
            driverVersion: 1, hasTimestamps: true
        )
    }

    static let machine = [
        device(0, "llvmpipe (LLVM 15.0.6, 256 bits)", .cpu, vendor: 0x10005),
        device(1, "AMD Radeon Pro", .discrete, vendor: 0x1002),
        device(2, "NVIDIA H100 80GB HBM3", .discrete, vendor: 0x10DE),
        device(3, "Intel UHD", .integrated, vendor: 0x8086),
    ]

    @Test func nvidiaIsPreferred() throws {
        let (chosen, reason) = try DeviceSelection.preferred.choose(from: Self.machine)
        #expect(chosen.index == 2)
        #expect(reason.contains("NVIDIA"))
    }

    @Test func discreteBeatsIntegratedBeatsCPU() throws {
        #expect(try DeviceSelection.preferred.choose(from: [Self.machine[0], Self.machine[3], Self.machine[1]]).0.index == 1)
        #expect(try DeviceSelection.preferred.choose(from: [Self.machine[0], Self.machine[3]]).0.index == 3)
        #expect(try DeviceSelection.preferred.choose(from: [Self.machine[0]]).0.index == 0)
    }

    @Test func overrideByIndexOrName() throws {
        #expect(try DeviceSelection(argument: "0").choose(from: Self.machine).0.index == 0)
        #expect(try DeviceSelection(argument: "llvmpipe").choose(from: Self.machine).0.index == 0)
        #expect(try DeviceSelection(argument: "auto").choose(from: Self.machine).0.index == 2)
    }

    @Test func unknownDeviceListsTheKnownOnes() {
        let error = #expect(throws: RenderError.self) { try DeviceSelection(argument: "tpu").choose(from: Self.machine) }
        #expect(error?.code == .deviceNotFound)
        #expect(error?.message.contains("NVIDIA H100") == true)
    }

    @Test func noDeviceSaysWhatToInstall() {
        let error = #expect(throws: RenderError.self) { try DeviceSelection.preferred.choose(from: []) }
        #expect(error?.message.contains("mesa-vulkan-drivers") == true)
    }

    @Test func thisMachineHasAUsableDevice() throws {
        let instance = try VulkanInstance()
        #expect(!instance.devices.isEmpty)
    }
}
