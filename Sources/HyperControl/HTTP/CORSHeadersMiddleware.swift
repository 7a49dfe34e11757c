import HTTPTypes
public import Hummingbird

/// Lets WHEP players served from other origins use the API: every response allows the caller's origin and
/// exposes Location and ETag; OPTIONS answers preflights for the methods and headers WHEP uses.
public struct CORSHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        if request.method == .options {
            response = Response(status: .noContent)
            response.headers[.allow] = "OPTIONS, GET, POST, PATCH, PUT, DELETE"
            response.headers[.accessControlAllowMethods] = "OPTIONS, GET, POST, PATCH, PUT, DELETE"
            response.headers[.accessControlAllowHeaders] = "Content-Type, Authorization, If-Match"
            response.headers[.accessControlMaxAge] = "86400"
            if request.uri.path.hasPrefix("/whep/") {
                response.status = .ok
                response.headers[HTTPField.Name("Accept-Post")!] = "application/sdp"
            }
        } else {
            response = try await next(request, context)
        }
        response.headers[.accessControlAllowOrigin] = request.headers[.origin] ?? "*"
        response.headers[.vary] = "Origin"
        response.headers[.accessControlExposeHeaders] = "Location, ETag, Link, Retry-After"
        return response
    }
}
