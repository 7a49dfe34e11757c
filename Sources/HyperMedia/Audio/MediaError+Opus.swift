import COpus

extension MediaError {
    /// An error for a libopus call that returned `status`, with libopus's own words for it.
    static func opus(_ code: Code, _ what: String, status: Int32) -> MediaError {
        MediaError(code, "\(what): \(String(cString: opus_strerror(status)))")
    }
}
