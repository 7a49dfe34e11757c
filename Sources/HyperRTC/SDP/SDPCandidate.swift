/// One ICE candidate from `a=candidate` (RFC 8839 §5.1): a transport address the peer may be reached at.
public struct SDPCandidate: Hashable, Sendable {
    public var foundation: String
    /// 1 for RTP; with rtcp-mux, the only component.
    public var component: Int
    /// `UDP` or `TCP`, as written.
    public var transport: String
    public var priority: UInt32
    /// An IP literal, or an mDNS name such as `1f4712db-ea17-4bcf-a596-105139dfd8bf.local`.
    public var address: String
    public var port: Int
    /// `host`, `srflx`, `prflx` or `relay`.
    public var type: String
    public var relatedAddress: String?
    public var relatedPort: Int?
    /// The name/value pairs after the fixed fields, such as `generation 0` or `tcptype passive`.
    public var extensions: [SDPAttribute]

    public init(
        foundation: String, component: Int, transport: String, priority: UInt32, address: String, port: Int,
        type: String, relatedAddress: String? = nil, relatedPort: Int? = nil, extensions: [SDPAttribute] = []
    ) {
        self.foundation = foundation
        self.component = component
        self.transport = transport
        self.priority = priority
        self.address = address
        self.port = port
        self.type = type
        self.relatedAddress = relatedAddress
        self.relatedPort = relatedPort
        self.extensions = extensions
    }

    /// Parses the value of `a=candidate:` (a leading `candidate:`, as trickled candidates carry, is accepted).
    public init(attribute: String) throws(RTCError) {
        let text = attribute.hasPrefix("candidate:") ? attribute.dropFirst("candidate:".count) : Substring(attribute)
        let fields = text.split(separator: " ")
        guard fields.count >= 8, fields.count % 2 == 0, fields[6] == "typ",
            let component = SDPNumber.parse(fields[1], in: 1...256),
            let priority = SDPNumber.parse(fields[3], in: 0...Int(UInt32.max)),
            let port = SDPNumber.parse(fields[5], in: 0...65535)
        else {
            throw RTCError(
                .malformedSDP,
                "a=candidate needs '<foundation> <component> <transport> <priority> <address> <port> typ <type>"
                    + " [<name> <value>]…', got '\(attribute)'")
        }
        self.init(
            foundation: String(fields[0]), component: component, transport: String(fields[2]),
            priority: UInt32(priority), address: String(fields[4]), port: port, type: String(fields[7]))
        for index in stride(from: 8, to: fields.count, by: 2) {
            let name = String(fields[index])
            let value = fields[index + 1]
            switch name {
            case "raddr":
                relatedAddress = String(value)
            case "rport":
                guard let related = SDPNumber.parse(value, in: 0...65535) else {
                    throw RTCError(.malformedSDP, "a=candidate rport '\(value)' is not a port, in '\(attribute)'")
                }
                relatedPort = related
            default:
                extensions.append(SDPAttribute(name: name, value: String(value)))
            }
        }
    }

    /// The value of `a=candidate:`.
    public var attributeValue: String {
        var fields = [foundation, "\(component)", transport, "\(priority)", address, "\(port)", "typ", type]
        if let relatedAddress { fields += ["raddr", relatedAddress] }
        if let relatedPort { fields += ["rport", "\(relatedPort)"] }
        for pair in extensions { fields += [pair.name, pair.value ?? ""] }
        return fields.joined(separator: " ")
    }
}
