import HyperRender
import Prometheus

/// `hypercube_gpu_info{name,vendor,kind,api_version} 1`: the Vulkan device the sessions render on.
enum GPUInfoMetric {
    static func publish(_ device: GPUDeviceInfo, to registry: PrometheusCollectorRegistry) {
        registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "hypercube",
                metricName: "gpu_info",
                unitName: "",
                helpText: "The Vulkan device used for rendering (value always 1)"
            ),
            labels: [
                ("name", device.name), ("vendor", vendorName(device.vendorID)), ("kind", device.kind.rawValue),
                ("api_version", device.apiVersion),
            ]
        ).set(Double(1))
    }

    /// PCI vendor names of the usual Vulkan vendors, else the id in hex.
    static func vendorName(_ id: UInt32) -> String {
        switch id {
        case 0x10DE: "NVIDIA"
        case 0x1002: "AMD"
        case 0x8086: "Intel"
        case 0x13B5: "ARM"
        case 0x5143: "Qualcomm"
        case 0x106B: "Apple"
        case 0x10005: "Mesa"
        default: "0x" + String(id, radix: 16)
        }
    }
}
