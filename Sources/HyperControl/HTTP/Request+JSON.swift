import Hummingbird
import HyperJSON

extension Request {
    /// The largest JSON body the control plane reads.
    static let maximumJSONBytes = 64 * 1024

    /// The body as a JSON object, read by the same strict parser as scene files; 400 naming the path, line and
    /// column when it is empty, not JSON (a duplicate key, a number beyond a Double, invalid UTF-8 included) or not
    /// an object.
    func jsonObject() async throws -> JSONObject {
        let buffer = try await body.collect(upTo: Self.maximumJSONBytes)
        guard buffer.readableBytes > 0 else {
            throw ProblemDetails(.badRequest, "the request needs a JSON object body")
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: buffer.readableBytesView)
        } catch {
            throw ProblemDetails(.badRequest, "the body is not valid JSON: \(error)")
        }
        guard case .object(let members) = value else {
            throw ProblemDetails(.badRequest, "the body must be a JSON object, got \(value.typeDescription)")
        }
        return members
    }
}
