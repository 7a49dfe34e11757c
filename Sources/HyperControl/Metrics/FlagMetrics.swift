import Prometheus
import Synchronization

/// Flag values on `/metrics`: `hypercube_flag{name}` is 0/1 for booleans and the number for integers;
/// string flags show as `hypercube_flag_info{name,value} 1`, the series of the current value only.
final class FlagMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let infoGauges = Mutex<[FlagName: Gauge]>([:])

    static var valueDescriptor: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "hypercube",
            metricName: "flag",
            unitName: "",
            helpText: "Feature flag value: 0/1 for booleans, the number for integers"
        )
    }
    static var infoDescriptor: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "hypercube",
            metricName: "flag_info",
            unitName: "",
            helpText: "Feature flag with a string value: 1 on the series of its current value"
        )
    }

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// Publishes every flag now and after each change.
    func follow(_ store: FlagStore) {
        for state in store.current.all { publish(state.definition.name, state.value) }
        store.onChange { [self] change, _ in publish(change.name, change.new) }
    }

    private func publish(_ name: FlagName, _ value: FlagValue) {
        if let number = value.gaugeValue {
            registry.makeGauge(descriptor: Self.valueDescriptor, labels: [("name", name.rawValue)]).set(number)
        } else if let text = value.stringValue {
            let gauge = registry.makeGauge(
                descriptor: Self.infoDescriptor,
                labels: [("name", name.rawValue), ("value", text)]
            )
            gauge.set(Double(1))
            let previous = infoGauges.withLock { gauges in
                defer { gauges[name] = gauge }
                return gauges[name]
            }
            if let previous, previous !== gauge { registry.unregisterGauge(previous) }
        }
    }
}
