import HTTPTypes
public import Hummingbird

/// Turns every error a route throws into an RFC 9457 problem response, so the middleware around it (CORS,
/// request metrics, security headers) sees and decorates a response. Errors that are not HTTP errors become a
/// 500 whose detail does not leak internals. Add it last, closest to the routes.
public struct ProblemResponseMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return Self.problem(for: error).response(instance: request.uri.path)
        }
    }

    static func problem(for error: any Error) -> ProblemDetails {
        switch error {
        case let problem as ProblemDetails:
            return problem
        case let error as HTTPError:
            var headers = error.headers
            headers[.contentType] = nil
            return ProblemDetails(error.status, error.body ?? error.status.reasonPhrase, headers: headers)
        case let error as any HTTPResponseError:
            return ProblemDetails(error.status, error.status.reasonPhrase)
        default:
            return ProblemDetails(.internalServerError, "the server failed to handle the request")
        }
    }
}
