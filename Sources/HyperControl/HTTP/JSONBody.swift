import HTTPTypes
import Hummingbird
import HyperJSON

/// A JSON response: a `JSONValue` written canonically with a status and extra headers.
struct JSONBody: ResponseGenerator {
    var value: JSONValue
    var status: HTTPResponse.Status
    var headers: HTTPFields

    init(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) {
        self.value = value
        self.status = status
        self.headers = headers
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        response
    }

    var response: Response {
        var headers = self.headers
        headers[.contentType] = "application/json"
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: value.canonicalText)))
    }
}
