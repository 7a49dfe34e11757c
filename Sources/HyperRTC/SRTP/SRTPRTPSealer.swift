internal import COpenSSL

/// The sending half of SRTP for RTP packets (RFC 3711 AES_CM_128_HMAC_SHA1_80, RFC 7714 AEAD_AES_128_GCM) on
/// OpenSSL's EVP ciphers, protecting packets in place.
///
/// This is the fan-out's hot path: one call per packet and viewer. Debian's libsrtp2 does its AES through NSS's
/// PKCS #11 layer, setting up a cipher context per packet; here the keyed contexts live as long as the session, so a
/// packet costs one IV change, the AES (AES-NI) and, for HMAC-SHA1, one MAC. The packet index (rollover counter)
/// is tracked exactly as libsrtp2 tracks it for a sender, so receivers running libsrtp (browsers, aiortc) agree on
/// it, and a retransmission more than 1023 packets behind the newest is refused like libsrtp2 refuses it.
///
/// Not thread-safe.
final class SRTPRTPSealer {
    /// libsrtp2's replay window, which the sender applies to retransmissions.
    static let windowSize = 1024

    private enum Transform {
        case gcm
        case counterMode(mac: OpaquePointer)
    }

    let profile: SRTPProtectionProfile
    private let cipher: OpaquePointer
    private let transform: Transform
    /// The session salt: 12 bytes for GCM, 14 for AES-CM.
    private let salt: [UInt8]
    /// Per SSRC (a viewer has two: video and audio), the highest packet index protected so far (48 bits: rollover
    /// counter and sequence number), as libsrtp2 keeps one stream per SSRC.
    private var indices: [(ssrc: UInt32, index: UInt64)] = []

    var tagLength: Int {
        switch transform {
        case .gcm: 16
        case .counterMode: 10
        }
    }

    init(profile: SRTPProtectionProfile, masterKey: [UInt8], masterSalt: [UInt8]) throws(RTCError) {
        guard masterKey.count == profile.keyLength, masterSalt.count == profile.saltLength else {
            throw RTCError(
                .srtpFailure, "\(profile.rawValue) needs a 16-byte key and a \(profile.saltLength)-byte salt")
        }
        self.profile = profile
        let sessionKey = try Self.derive(label: 0, length: 16, masterKey: masterKey, masterSalt: masterSalt)
        salt = try Self.derive(label: 2, length: profile.saltLength, masterKey: masterKey, masterSalt: masterSalt)
        guard let context = EVP_CIPHER_CTX_new() else { throw RTCError(.cryptoFailure, "EVP_CIPHER_CTX_new failed") }
        cipher = context
        let algorithm = profile == .aeadAES128GCM ? EVP_aes_128_gcm() : EVP_aes_128_ctr()
        guard EVP_EncryptInit_ex(context, algorithm, nil, sessionKey, nil) == 1 else {
            EVP_CIPHER_CTX_free(context)
            throw RTCError(.cryptoFailure, "cannot key \(profile.rawValue)'s cipher")
        }
        switch profile {
        case .aeadAES128GCM:
            transform = .gcm
        case .aes128CMHMACSHA1_80:
            let authKey = try Self.derive(label: 1, length: 20, masterKey: masterKey, masterSalt: masterSalt)
            guard let mac = Self.hmacSHA1(key: authKey) else {
                EVP_CIPHER_CTX_free(context)
                throw RTCError(.cryptoFailure, "cannot set up HMAC-SHA1")
            }
            transform = .counterMode(mac: mac)
        }
    }

    deinit {
        EVP_CIPHER_CTX_free(cipher)
        if case .counterMode(let mac) = transform { EVP_MAC_CTX_free(mac) }
    }

    /// Protects the `length`-byte RTP packet at the start of `buffer` where it lies, appending the tag; returns the
    /// protected length. `buffer` needs `tagLength` spare bytes after the packet.
    func seal(_ buffer: UnsafeMutableRawBufferPointer, length: Int) throws(RTCError) -> Int {
        guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            throw RTCError(.malformedPacket, "no RTP packet to protect")
        }
        let headerLength = try Self.headerLength(UnsafeBufferPointer(start: base, count: length))
        guard buffer.count >= length + tagLength else {
            throw RTCError(.malformedPacket, "no room for the \(tagLength)-byte SRTP tag after a \(length)-byte packet")
        }
        let sequence = UInt16(base[2]) << 8 | UInt16(base[3])
        let ssrc = UInt32(base[8]) << 24 | UInt32(base[9]) << 16 | UInt32(base[10]) << 8 | UInt32(base[11])
        let slot = indexSlot(for: ssrc)
        let (guess, delta) = Self.estimate(sequence, after: indices[slot].index)
        guard delta > -(Self.windowSize - 1) - 1 else {
            throw RTCError(.srtpFailure, "srtp_protect failed: replay_old (packet \(sequence) is too old to resend)")
        }
        let rollover = UInt32(truncatingIfNeeded: guess >> 16)
        let payload = base + headerLength
        let payloadLength = length - headerLength
        switch transform {
        case .gcm:
            try sealGCM(
                base, headerLength: headerLength, payloadLength: payloadLength, ssrc: ssrc, rollover: rollover,
                sequence: sequence)
        case .counterMode(let mac):
            try encryptCounterMode(payload, count: payloadLength, ssrc: ssrc, index: guess)
            try authenticate(base, count: length, rollover: rollover, mac: mac, tag: base + length)
        }
        if delta > 0 { indices[slot].index = guess }
        return length + tagLength
    }

    /// Where `ssrc`'s highest index is kept, added at 0 for a new SSRC.
    private func indexSlot(for ssrc: UInt32) -> Int {
        if let slot = indices.firstIndex(where: { $0.ssrc == ssrc }) { return slot }
        indices.append((ssrc, 0))
        return indices.count - 1
    }

    /// libsrtp2's sender-side index estimate (`srtp_rdbx_estimate_index`): the packet index `sequence` most likely
    /// stands for given the highest one so far, `index` (0 before any), and how far ahead of it that is.
    static func estimate(_ sequence: UInt16, after index: UInt64) -> (index: UInt64, delta: Int) {
        let localSequence = UInt16(truncatingIfNeeded: index)
        guard index > 0x8000 else { return (UInt64(sequence), Int(sequence) - Int(localSequence)) }
        let localRollover = UInt32(truncatingIfNeeded: index >> 16)
        let s = Int(sequence)
        let local = Int(localSequence)
        var rollover = localRollover
        var delta = s - local
        if local < 0x8000 {
            if s - local > 0x8000 {
                rollover = localRollover &- 1
                delta = s - local - 0x10000
            }
        } else if local - 0x8000 > s {
            rollover = localRollover &+ 1
            delta = s - local + 0x10000
        }
        return (UInt64(rollover) << 16 | UInt64(sequence), delta)
    }

    // MARK: transforms

    /// RFC 7714 §8: IV = salt XOR (00 00 || SSRC || ROC || SEQ); AAD = the header; tag appended.
    private func sealGCM(
        _ packet: UnsafeMutablePointer<UInt8>, headerLength: Int, payloadLength: Int, ssrc: UInt32, rollover: UInt32,
        sequence: UInt16
    ) throws(RTCError) {
        var iv: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (
            salt[0], salt[1], salt[2] ^ UInt8(ssrc >> 24), salt[3] ^ UInt8(truncatingIfNeeded: ssrc >> 16),
            salt[4] ^ UInt8(truncatingIfNeeded: ssrc >> 8), salt[5] ^ UInt8(truncatingIfNeeded: ssrc),
            salt[6] ^ UInt8(rollover >> 24), salt[7] ^ UInt8(truncatingIfNeeded: rollover >> 16),
            salt[8] ^ UInt8(truncatingIfNeeded: rollover >> 8), salt[9] ^ UInt8(truncatingIfNeeded: rollover),
            salt[10] ^ UInt8(sequence >> 8), salt[11] ^ UInt8(truncatingIfNeeded: sequence)
        )
        var written: Int32 = 0
        let ok = withUnsafeBytes(of: &iv) { iv in
            EVP_EncryptInit_ex(cipher, nil, nil, nil, iv.baseAddress?.assumingMemoryBound(to: UInt8.self)) == 1
                && EVP_EncryptUpdate(cipher, nil, &written, packet, Int32(headerLength)) == 1
                && EVP_EncryptUpdate(
                    cipher, packet + headerLength, &written, packet + headerLength,
                    Int32(payloadLength)) == 1
                && EVP_EncryptFinal_ex(cipher, packet + headerLength + payloadLength, &written) == 1
                && EVP_CIPHER_CTX_ctrl(cipher, EVP_CTRL_GCM_GET_TAG, 16, packet + headerLength + payloadLength) == 1
        }
        guard ok else { throw RTCError(.cryptoFailure, "AES-GCM failed to protect an RTP packet") }
    }

    /// RFC 3711 §4.1.1: keystream from IV = (salt · 2^16) XOR (SSRC · 2^64) XOR (index · 2^16).
    private func encryptCounterMode(
        _ payload: UnsafeMutablePointer<UInt8>, count: Int, ssrc: UInt32, index: UInt64
    ) throws(RTCError) {
        var iv:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8
            ) = (
                salt[0], salt[1], salt[2], salt[3],
                salt[4] ^ UInt8(ssrc >> 24), salt[5] ^ UInt8(truncatingIfNeeded: ssrc >> 16),
                salt[6] ^ UInt8(truncatingIfNeeded: ssrc >> 8), salt[7] ^ UInt8(truncatingIfNeeded: ssrc),
                salt[8] ^ UInt8(truncatingIfNeeded: index >> 40), salt[9] ^ UInt8(truncatingIfNeeded: index >> 32),
                salt[10] ^ UInt8(truncatingIfNeeded: index >> 24), salt[11] ^ UInt8(truncatingIfNeeded: index >> 16),
                salt[12] ^ UInt8(truncatingIfNeeded: index >> 8), salt[13] ^ UInt8(truncatingIfNeeded: index),
                0, 0
            )
        var written: Int32 = 0
        let ok = withUnsafeBytes(of: &iv) { iv in
            EVP_EncryptInit_ex(cipher, nil, nil, nil, iv.baseAddress?.assumingMemoryBound(to: UInt8.self)) == 1
                && EVP_EncryptUpdate(cipher, payload, &written, payload, Int32(count)) == 1
        }
        guard ok else { throw RTCError(.cryptoFailure, "AES-CTR failed to protect an RTP packet") }
    }

    /// RFC 3711 §4.2: HMAC-SHA1 over the packet and the rollover counter, truncated to 80 bits, written at `tag`.
    private func authenticate(
        _ packet: UnsafeMutablePointer<UInt8>, count: Int, rollover: UInt32, mac: OpaquePointer,
        tag: UnsafeMutablePointer<UInt8>
    ) throws(RTCError) {
        var rolloverBytes = rollover.bigEndian
        var digest: (UInt64, UInt64, UInt32) = (0, 0, 0)
        var digestLength = 0
        let ok = withUnsafeMutableBytes(of: &digest) { digest in
            withUnsafeBytes(of: &rolloverBytes) { rollover in
                EVP_MAC_init(mac, nil, 0, nil) == 1
                    && EVP_MAC_update(mac, packet, count) == 1
                    && EVP_MAC_update(mac, rollover.baseAddress?.assumingMemoryBound(to: UInt8.self), 4) == 1
                    && EVP_MAC_final(mac, digest.baseAddress?.assumingMemoryBound(to: UInt8.self), &digestLength, 20)
                        == 1
            }
        }
        guard ok, digestLength == 20 else { throw RTCError(.cryptoFailure, "HMAC-SHA1 failed on an RTP packet") }
        withUnsafeBytes(of: &digest) { digest in
            UnsafeMutableRawPointer(tag).copyMemory(from: digest.baseAddress!, byteCount: 10)
        }
    }

    // MARK: setup

    /// RFC 3711 §4.3: the AES-CM PRF keyed with the master key, at IV = (master salt XOR label · 2^48) · 2^16. A
    /// 12-byte (GCM) master salt is padded with two zero bytes first, as libsrtp2 does.
    private static func derive(label: UInt8, length: Int, masterKey: [UInt8], masterSalt: [UInt8]) throws(RTCError)
        -> [UInt8]
    {
        var iv = masterSalt + [UInt8](repeating: 0, count: 16 - masterSalt.count)
        iv[7] ^= label
        var output = [UInt8](repeating: 0, count: length)
        guard let context = EVP_CIPHER_CTX_new() else { throw RTCError(.cryptoFailure, "EVP_CIPHER_CTX_new failed") }
        defer { EVP_CIPHER_CTX_free(context) }
        var written: Int32 = 0
        let ok = output.withUnsafeMutableBufferPointer { output in
            EVP_EncryptInit_ex(context, EVP_aes_128_ctr(), nil, masterKey, iv) == 1
                && EVP_EncryptUpdate(context, output.baseAddress, &written, output.baseAddress, Int32(length)) == 1
        }
        guard ok else { throw RTCError(.cryptoFailure, "SRTP key derivation failed") }
        return output
    }

    /// An HMAC-SHA1 context keyed once; `EVP_MAC_init` with no key restarts it for each packet.
    private static func hmacSHA1(key: [UInt8]) -> OpaquePointer? {
        guard let algorithm = EVP_MAC_fetch(nil, "HMAC", nil) else { return nil }
        defer { EVP_MAC_free(algorithm) }
        guard let context = EVP_MAC_CTX_new(algorithm) else { return nil }
        let keyed = "digest".withCString { name in
            "SHA1".withCString { value in
                var parameters = [
                    OSSL_PARAM_construct_utf8_string(name, UnsafeMutablePointer(mutating: value), 0),
                    OSSL_PARAM_construct_end(),
                ]
                return EVP_MAC_init(context, key, key.count, &parameters) == 1
            }
        }
        guard keyed else {
            EVP_MAC_CTX_free(context)
            return nil
        }
        return context
    }

    /// The RTP header's length: fixed part, CSRCs and the header extension.
    private static func headerLength(_ packet: UnsafeBufferPointer<UInt8>) throws(RTCError) -> Int {
        guard packet.count >= 12 else {
            throw RTCError(.malformedPacket, "RTP packet of \(packet.count) bytes is shorter than its header")
        }
        var length = 12 + 4 * Int(packet[0] & 0x0F)
        if packet[0] & 0x10 != 0 {
            guard packet.count >= length + 4 else {
                throw RTCError(.malformedPacket, "RTP header extension runs past the \(packet.count)-byte packet")
            }
            length += 4 + 4 * (Int(packet[length + 2]) << 8 | Int(packet[length + 3]))
        }
        guard length <= packet.count else {
            throw RTCError(
                .malformedPacket, "RTP header of \(length) bytes is longer than the \(packet.count)-byte packet")
        }
        return length
    }
}
