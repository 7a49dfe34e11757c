import Foundation
import HTTPTypes
import Hummingbird
import HyperRender
import HyperSFU
import HyperScene
import Logging
import Prometheus
import Testing

@testable import HyperControl

/// docs/openapi.yaml describes every route the router registers, and nothing the router lacks.
struct OpenAPICoverageTests {
    static let specification = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/openapi.yaml")

    /// `METHOD /path` for every operation under `paths:`, read from the two-space path keys and the four-space
    /// method keys (the layout docs/openapi.yaml keeps).
    static func documentedOperations() throws -> Set<String> {
        let lines = try String(contentsOf: specification, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        var operations: Set<String> = []
        var inPaths = false
        var path: String?
        let methods: Set = ["get", "put", "post", "delete", "patch", "options", "head"]
        for line in lines {
            if !line.hasPrefix(" "), !line.isEmpty { inPaths = line == "paths:" }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), let path {
                let key = line.dropFirst(4).split(separator: ":").first.map(String.init) ?? ""
                if methods.contains(key) { operations.insert("\(key.uppercased()) \(path)") }
            }
        }
        return operations
    }

    static func registeredOperations() async throws -> Set<String> {
        try await withStateDirectory { directory in
            let logger = Logger(label: "test")
            let media = try MediaServer(
                configuration: SFUConfiguration(bindHost: "127.0.0.1", udpPort: 0),
                device: .preferred,
                logger: logger
            )
            let state = try ControlState.open(directory: directory, overrides: .init(), logger: logger)
            let router = buildRouter(
                configuration: ControlPlaneConfiguration(
                    host: "127.0.0.1", port: 0, catalog: try SceneCatalog.locate()),
                media: media,
                state: state,
                registry: PrometheusCollectorRegistry(),
                logger: logger
            )
            await media.shutdown()
            return Set(
                router.routes.map { route in
                    let path = route.path.components.map { component -> String in
                        let text = component.description
                        return text.hasPrefix(":") ? "{\(text.dropFirst())}" : text
                    }
                    return "\(route.method.rawValue) /" + path.joined(separator: "/")
                }
            )
        }
    }

    @Test func everyRegisteredRouteIsDocumented() async throws {
        let documented = try Self.documentedOperations()
        let registered = try await Self.registeredOperations()
        #expect(registered.count >= 14)
        #expect(registered.subtracting(documented).sorted() == [])
        // OPTIONS is answered by the CORS middleware for any path; the spec documents it on the WHEP resources.
        let extra = documented.subtracting(registered).filter { !$0.hasPrefix("OPTIONS ") }
        #expect(extra.sorted() == [])
        #expect(
            documented.contains("OPTIONS /whep/{session}") && documented.contains("OPTIONS /whep/{session}/{viewer}"))
    }

    @Test func theSpecificationDescribesTheProblemBody() throws {
        let text = try String(contentsOf: Self.specification, encoding: .utf8)
        #expect(text.hasPrefix("openapi: 3.1.0"))
        #expect(text.contains("required: [type, title, status, detail, instance]"))
    }
}
