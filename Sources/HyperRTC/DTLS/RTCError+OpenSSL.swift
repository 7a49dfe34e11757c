internal import COpenSSL

extension RTCError {
    /// An error with `message` and the reasons OpenSSL queued on this thread, leaving the queue empty.
    ///
    /// Draining the queue keeps one association's failure from showing up in the next call on this thread.
    static func openSSL(_ code: Code, _ message: String) -> RTCError {
        var reasons: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while case let error = ERR_get_error(), error != 0 {
            buffer.withUnsafeMutableBufferPointer { text in
                ERR_error_string_n(error, text.baseAddress, text.count)
                reasons.append(String(cString: text.baseAddress!))
            }
        }
        ERR_clear_error()
        return RTCError(code, reasons.isEmpty ? message : "\(message): \(reasons.joined(separator: "; "))")
    }
}
