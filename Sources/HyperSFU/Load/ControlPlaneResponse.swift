import Foundation

/// One HTTP response from the control plane, read whole.
public struct ControlPlaneResponse: Sendable, Equatable {
    public var status: Int
    /// Header names in lower case; a repeated header keeps its last value.
    public var headers: [String: String]
    public var body: String

    public init(status: Int, headers: [String: String], body: String) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Parses an HTTP/1.1 response once it is complete: nil while more bytes are needed. With `atEnd`, the body is
    /// whatever arrived when neither Content-Length nor chunked encoding delimits it.
    init?(parsing bytes: [UInt8], atEnd: Bool) throws(LoadViewerError) {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let headerEnd = Self.firstIndex(of: separator, in: bytes) else {
            if atEnd { throw LoadViewerError(.http, "the connection closed inside the response headers") }
            return nil
        }
        let head = String(decoding: bytes[..<headerEnd], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let statusFields = lines[0].split(separator: " ", maxSplits: 2)
        guard statusFields.count >= 2, statusFields[0].hasPrefix("HTTP/1."), let status = Int(statusFields[1]) else {
            throw LoadViewerError(.http, "not an HTTP/1.x status line: '\(lines[0])'")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let rest = Array(bytes[(headerEnd + separator.count)...])
        let body: [UInt8]
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            guard let decoded = try Self.dechunk(rest) else {
                if atEnd { throw LoadViewerError(.http, "the connection closed inside a chunked body") }
                return nil
            }
            body = decoded
        } else if let length = headers["content-length"].flatMap(Int.init) {
            guard rest.count >= length else {
                if atEnd { throw LoadViewerError(.http, "the body ended after \(rest.count) of \(length) bytes") }
                return nil
            }
            body = Array(rest[..<length])
        } else {
            guard atEnd || status == 204 || status == 304 else { return nil }
            body = rest
        }
        self.init(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
    }

    /// The body of a complete chunked encoding, or nil while the last chunk has not arrived.
    private static func dechunk(_ bytes: [UInt8]) throws(LoadViewerError) -> [UInt8]? {
        let lineEnd: [UInt8] = Array("\r\n".utf8)
        var body: [UInt8] = []
        var offset = 0
        while true {
            guard let end = firstIndex(of: lineEnd, in: bytes, from: offset) else { return nil }
            let sizeField = String(decoding: bytes[offset..<end], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeField.trimmingCharacters(in: .whitespaces), radix: 16) else {
                throw LoadViewerError(.http, "bad chunk size '\(sizeField)'")
            }
            let start = end + lineEnd.count
            if size == 0 { return body }
            guard bytes.count >= start + size + lineEnd.count else { return nil }
            body += bytes[start..<start + size]
            offset = start + size + lineEnd.count
        }
    }

    private static func firstIndex(of pattern: [UInt8], in bytes: [UInt8], from start: Int = 0) -> Int? {
        guard bytes.count >= pattern.count, start <= bytes.count - pattern.count else { return nil }
        for index in start...(bytes.count - pattern.count)
        where bytes[index..<index + pattern.count].elementsEqual(pattern) {
            return index
        }
        return nil
    }
}
