import Prometheus
import ServiceLifecycle
import Synchronization

/// Flag values on `/metrics`: `hypercube_flag{name}` is 0/1 for booleans and the number for integers;
/// string flags show as `hypercube_flag_info{name,value} 1`, the series of the current value only.
final class FlagMetrics: Service {
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

    private let store: FlagStore

    init(registry: PrometheusCollectorRegistry, store: FlagStore) {
        self.registry = registry
        self.store = store
    }

    /// Publishes every flag at once and after each change, until graceful shutdown.
    func run() async {
        await store.follow(
            { [self] change, _ in publish(change.name, change.new) },
            initially: { [self] flags in
                for state in flags.all { publish(state.definition.name, state.value) }
            })
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
