import HTTPTypes
public import Hummingbird

/// Lets the origins `policy` allows (by default any origin on WHEP, so players on other sites work) read the
/// responses and see Location and ETag; OPTIONS answers preflights for the methods and headers WHEP uses. Other
/// origins get no CORS headers, so their browsers keep the response from them.
public struct CORSHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let policy: CORSPolicy

    public init(policy: CORSPolicy = CORSPolicy()) {
        self.policy = policy
    }

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
        response.headers[.vary] = "Origin"
        guard let allowed = policy.allowOrigin(path: request.uri.path, origin: request.headers[.origin]) else {
            for name in [HTTPField.Name.accessControlAllowMethods, .accessControlAllowHeaders, .accessControlMaxAge] {
                response.headers[name] = nil
            }
            return response
        }
        response.headers[.accessControlAllowOrigin] = allowed
        response.headers[.accessControlExposeHeaders] = "Location, ETag, Link, Retry-After"
        return response
    }
}
