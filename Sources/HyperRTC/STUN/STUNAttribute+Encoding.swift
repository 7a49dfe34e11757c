extension STUNAttribute {
    /// The attribute value without header or padding; nil for an address whose host is not an IP literal.
    func encodedValue(transactionID: [UInt8]) -> [UInt8]? {
        var value: [UInt8] = []
        switch self {
        case .username(let name):
            value = Array(name.utf8)
        case .messageIntegrity(let code):
            value = code
        case .fingerprint(let crc), .priority(let crc):
            STUNWireFormat.append(crc, to: &value)
        case .xorMappedAddress(let address):
            guard let addressBytes = IPAddressLiteral.bytes(address.host), (0...0xFFFF).contains(address.port) else {
                return nil
            }
            let mask = Self.xorMask(transactionID: transactionID)
            value = [0, addressBytes.count == 4 ? 0x01 : 0x02]
            STUNWireFormat.append(UInt16(address.port) ^ UInt16(STUNWireFormat.magicCookie >> 16), to: &value)
            value += addressBytes.enumerated().map { $0.element ^ mask[$0.offset] }
        case .useCandidate:
            break
        case .iceControlling(let tieBreaker), .iceControlled(let tieBreaker):
            STUNWireFormat.append(tieBreaker, to: &value)
        case .errorCode(let code, let reason):
            value = [0, 0, UInt8(truncatingIfNeeded: code / 100) & 0x07, UInt8(truncatingIfNeeded: code % 100)]
            value += Array(reason.utf8)
        case .unknown(_, let raw):
            value = raw
        }
        return value
    }
}
