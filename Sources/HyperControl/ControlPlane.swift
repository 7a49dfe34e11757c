import Foundation
import HTTPTypes
public import Hummingbird
import HyperMedia
public import HyperSFU
public import HyperScene
public import Logging
import Metrics
public import Prometheus

/// How the HTTP control plane is reached and what it serves.
public struct ControlPlaneConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var catalog: SceneCatalog

    public init(host: String, port: Int, catalog: SceneCatalog) {
        self.host = host
        self.port = port
        self.catalog = catalog
    }
}

/// Builds the Hummingbird application: health, metrics, scenes and sessions, WHEP and the player pages.
public func buildApplication(
    configuration: ControlPlaneConfiguration,
    media: MediaServer,
    registry: PrometheusCollectorRegistry,
    logger: Logger
) -> some ApplicationProtocol {
    let router = Router()
    router.add(middleware: CORSHeadersMiddleware())
    router.add(middleware: RequestMetricsMiddleware())

    router.get("/health/live") { _, _ in
        JSONBody(["status": "live"])
    }
    router.get("/health/ready") { _, _ -> Response in
        let (ready, reason) = media.readiness
        return JSONBody(["status": ready ? "ready" : "not ready", "reason": reason])
            .response(status: ready ? .ok : .serviceUnavailable)
    }
    router.get("/metrics") { _, _ -> Response in
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer))
        )
    }
    router.get("/v1/scenes") { _, _ -> JSONBody in
        let scenes = configuration.catalog.names.map { name -> [String: Any] in
            let scene = try? configuration.catalog.scene(named: name)
            return ["name": name, "description": scene?.description ?? ""]
        }
        return JSONBody(["scenes": scenes])
    }
    router.get("/v1/sessions") { _, _ -> JSONBody in
        var sessions: [[String: Any]] = []
        for id in media.sessionIDs {
            guard let session = media.session(id) else { continue }
            let settings = session.settings
            let status = session.status
            sessions.append([
                "id": id, "scene": settings.sceneName, "width": settings.width, "height": settings.height,
                "fps": settings.framesPerSecond, "codec": settings.codec.rawValue, "bitrate": settings.bitrate,
                "viewers": await media.viewerCount(sessionID: id), "whep": "/whep/\(id)",
                "framesEncoded": status.framesEncoded,
                "createdAt": session.createdAt.formatted(.iso8601),
            ])
        }
        return JSONBody(["sessions": sessions])
    }
    WHEPRoutes(media: media, logger: logger).register(on: router)
    router.get("/") { _, _ in PlayerPage.html }
    router.get("/player") { _, _ in PlayerPage.html }

    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
        logger: logger
    )
}

/// A JSON response body built from plain dictionaries and arrays.
struct JSONBody: ResponseGenerator {
    let object: Any

    init(_ object: Any) {
        self.object = object
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        response(status: .ok)
    }

    func response(status: HTTPResponse.Status) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
