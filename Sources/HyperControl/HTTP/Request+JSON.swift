import Hummingbird

extension Request {
    /// The largest JSON body the control plane reads.
    static let maximumJSONBytes = 64 * 1024

    /// The body as a JSON object; 400 when it is empty, not JSON or not an object.
    func jsonObject() async throws -> [String: JSONValue] {
        let buffer = try await body.collect(upTo: Self.maximumJSONBytes)
        guard buffer.readableBytes > 0 else {
            throw ProblemDetails(.badRequest, "the request needs a JSON object body")
        }
        guard let value = JSONValue(parsing: buffer.readableBytesView) else {
            throw ProblemDetails(.badRequest, "the body is not valid JSON")
        }
        guard case .object(let members) = value else {
            throw ProblemDetails(.badRequest, "the body must be a JSON object, got \(value.typeDescription)")
        }
        return members
    }
}
