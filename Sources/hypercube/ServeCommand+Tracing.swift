import ArgumentParser
import Foundation
import HyperControl
import Logging
import OTel
import ServiceLifecycle
import Tracing

/// Trace export over OTLP/HTTP (protobuf) when `HYPERCUBE_OTLP_ENDPOINT` names a collector (Tempo, the OpenTelemetry
/// Collector): HTTP server spans, WHEP join trees and sampled frames (docs/operations.md, "Traces"); log lines written
/// inside a span carry its `trace_id` and `span_id`. The standard `OTEL_*` variables (`OTEL_BSP_SCHEDULE_DELAY`,
/// `OTEL_TRACES_SAMPLER` …) tune the exporter.
struct TraceExport {
    /// The service that batches and sends spans; it runs in the server's service group, and flushes when it stops.
    let service: any Service

    /// The collector's base URL from `HYPERCUBE_OTLP_ENDPOINT` (spans go to its `/v1/traces`), nil when unset or empty.
    static func endpoint(environment: [String: String]) throws(ValidationError) -> URL? {
        guard let value = environment["HYPERCUBE_OTLP_ENDPOINT"]?.trimmingCharacters(in: .whitespaces),
            !value.isEmpty
        else { return nil }
        guard let url = URL(string: value), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil
        else {
            throw ValidationError(
                "HYPERCUBE_OTLP_ENDPOINT must be the collector's http(s)://HOST:PORT base URL (spans go to its "
                    + "/v1/traces), got '\(value)'")
        }
        return url
    }

    /// Bootstraps the process's tracer with an OTLP/HTTP exporter to `endpoint`.
    static func bootstrap(endpoint: URL) throws -> TraceExport {
        var configuration = OTel.Configuration.default
        configuration.serviceName = "hypercube"
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.traces.enabled = true
        configuration.traces.exporter = .otlp
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        let base = endpoint.absoluteString.hasSuffix("/") ? String(endpoint.absoluteString.dropLast()) : endpoint.absoluteString
        configuration.traces.otlpExporter.endpoint = base + "/v1/traces"
        let (tracer, service) = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(tracer)
        return TraceExport(service: service)
    }

    /// Adds the active span's `trace_id` and `span_id` to every log line written inside one.
    static var loggingMetadataProvider: Logger.MetadataProvider {
        OTel.makeLoggingMetadataProvider()
    }
}
