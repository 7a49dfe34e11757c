import HTTPTypes
public import Hummingbird
public import HyperJSON

/// An RFC 9457 problem document (`application/problem+json`): what went wrong, for clients and people.
public struct ProblemDetails: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var title: String
    public var detail: String
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ detail: String, title: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.title = title ?? status.reasonPhrase
        self.detail = detail
        self.headers = headers
    }

    /// 422 Unprocessable Content: the request is well formed but a value is not acceptable.
    public static func unprocessable(_ detail: String) -> ProblemDetails {
        ProblemDetails(.init(code: 422, reasonPhrase: "Unprocessable Content"), detail)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response(instance: request.uri.path)
    }

    func response(instance: String) -> Response {
        let body: JSONValue = [
            "type": "about:blank", "title": .string(title), "status": .integer(Int(status.code)),
            "detail": .string(detail), "instance": .string(instance),
        ]
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body.canonicalText)))
    }
}
