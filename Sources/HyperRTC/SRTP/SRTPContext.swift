internal import CSRTP

/// One libsrtp2 `srtp_t` whose single wildcard stream covers every outbound SSRC, or every inbound one.
///
/// libsrtp2 allows one wildcard template per `srtp_t`, so a two-way `SRTPSession` holds one context per direction.
final class SRTPContext {
    enum Direction {
        case outbound
        case inbound
    }

    private let handle: srtp_t

    init(profile: SRTPProtectionProfile, key: [UInt8], salt: [UInt8], direction: Direction) throws(RTCError) {
        try SRTPLibrary.initialize()
        var policy = srtp_policy_t()
        switch profile {
        case .aeadAES128GCM:
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp)
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp)
        case .aes128CMHMACSHA1_80:
            srtp_crypto_policy_set_rtp_default(&policy.rtp)
            srtp_crypto_policy_set_rtcp_default(&policy.rtcp)
        }
        policy.ssrc = srtp_ssrc_t(type: direction == .outbound ? ssrc_any_outbound : ssrc_any_inbound, value: 0)
        policy.window_size = 1024
        policy.allow_repeat_tx = 1
        var master = key + salt
        var created: srtp_t?
        let status = master.withUnsafeMutableBufferPointer { master in
            policy.key = master.baseAddress
            return srtp_create(&created, &policy)
        }
        master.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        guard status == srtp_err_status_ok, let created else {
            throw RTCError.srtp(status, "srtp_create")
        }
        handle = created
    }

    deinit {
        srtp_dealloc(handle)
    }

    /// Copies `packet` into `output` with `padding` spare bytes, runs `call` on it in place and trims `output` to the
    /// length libsrtp2 reports. `output` keeps its storage, so a caller reusing it allocates nothing.
    func apply(
        _ call: (srtp_t, UnsafeMutableRawPointer, UnsafeMutablePointer<Int32>) -> srtp_err_status_t,
        named operation: String,
        to packet: UnsafeRawBufferPointer,
        into output: inout [UInt8],
        padding: Int
    ) throws(RTCError) {
        guard packet.count <= Int(Int32.max) - padding else {
            throw RTCError(.malformedPacket, "packet of \(packet.count) bytes is too large for \(operation)")
        }
        try InPlacePacket.transform(packet, into: &output, padding: padding) { (bytes, length) throws(RTCError) in
            try applyInPlace(call, named: operation, to: bytes, length: length, padding: padding)
        }
    }

    /// Runs `call` on the `length`-byte packet at the start of `buffer`, where it lies, and returns the length
    /// libsrtp2 reports; `buffer` must hold `padding` spare bytes after the packet.
    func applyInPlace(
        _ call: (srtp_t, UnsafeMutableRawPointer, UnsafeMutablePointer<Int32>) -> srtp_err_status_t,
        named operation: String,
        to buffer: UnsafeMutableRawBufferPointer,
        length: Int,
        padding: Int
    ) throws(RTCError) -> Int {
        guard length >= 0, length <= Int(Int32.max) - padding, let base = buffer.baseAddress else {
            throw RTCError(.malformedPacket, "packet of \(length) bytes is too large for \(operation)")
        }
        guard buffer.count >= length + padding else {
            throw RTCError(
                .malformedPacket,
                "\(operation) needs \(padding) spare bytes after a \(length)-byte packet, the buffer holds \(buffer.count)"
            )
        }
        var result = Int32(length)
        let status = call(handle, base, &result)
        guard status == srtp_err_status_ok else { throw RTCError.srtp(status, operation) }
        return Int(result)
    }
}
