extension SDPCandidate {
    /// Our UDP host candidate on `address`, the `index`-th of those we offer: its own foundation, and a local
    /// preference that falls with the index (RFC 8445 §5.1.2.1), so the first address is preferred.
    static func host(_ address: RTCAddress, index: Int) -> SDPCandidate {
        let localPreference = UInt32(65535 - min(index, 65535))
        return SDPCandidate(
            foundation: "\(index + 1)", component: 1, transport: "UDP",
            priority: 126 << 24 | localPreference << 8 | 255, address: address.host, port: address.port,
            type: "host")
    }
}
