import HTTPTypes
public import Hummingbird

/// Puts the security headers on every response, preflights included: a Content-Security-Policy (pages keep their
/// own), `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, and `Strict-Transport-Security` when
/// the server speaks TLS. Add it first, so it wraps every other middleware.
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The policy of API responses: they are data, never a document that loads anything.
    public static var apiContentSecurityPolicy: String { "default-src 'none'; frame-ancestors 'none'" }

    let strictTransportSecurity: Bool

    public init(strictTransportSecurity: Bool) {
        self.strictTransportSecurity = strictTransportSecurity
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = ProblemResponseMiddleware<Context>.problem(for: error).response(instance: request.uri.path)
        }
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = Self.apiContentSecurityPolicy
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[Self.referrerPolicy] = "no-referrer"
        if strictTransportSecurity {
            response.headers[.strictTransportSecurity] = "max-age=31536000"
        }
        return response
    }

    static var referrerPolicy: HTTPField.Name { HTTPField.Name("Referrer-Policy")! }
}
