import Hummingbird
import HyperJSON

/// `GET /v1/audit?limit=&offset=`: the audit log, newest first.
struct AuditRoutes {
    let audit: AuditLog
    let access: AccessControl

    func register(on router: Router<ControlPlaneRequestContext>) {
        router.get("/v1/audit") { request, context -> JSONBody in
            try access.requireViewer(request, context: context)
            let page = try PageRequest(
                limit: request.uri.queryParameters["limit"].map(String.init),
                offset: request.uri.queryParameters["offset"].map(String.init)
            )
            let (entries, total) = audit.page(page)
            var body = page.envelope(total: total)
            body["entries"] = .array(entries.map(\.json))
            return JSONBody(.object(body))
        }
    }
}
