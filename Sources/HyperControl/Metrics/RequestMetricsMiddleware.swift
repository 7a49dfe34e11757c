import Foundation
public import Hummingbird
import Metrics

/// Records `hypercube_http_request_duration_seconds` by route and status for every request.
public struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - started
            let route = context.endpointPath ?? "unmatched"
            Metrics.Timer(
                label: "hypercube_http_request_duration_seconds",
                dimensions: [("route", route), ("method", request.method.rawValue), ("status", "\(status)")],
                preferredDisplayUnit: .seconds
            ).recordNanoseconds(
                elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        }
        do {
            let response = try await next(request, context)
            status = Int(response.status.code)
            return response
        } catch let error as any HTTPResponseError {
            status = Int(error.status.code)
            throw error
        }
    }
}
