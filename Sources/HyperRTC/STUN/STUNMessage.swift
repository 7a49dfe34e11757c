/// A STUN message (RFC 8489) as plain values: what ICE connectivity checks and their answers are made of.
public struct STUNMessage: Equatable, Sendable {
    public static let bindingMethod: UInt16 = 0x001

    public var messageClass: STUNClass
    /// The 12-bit method, `bindingMethod` for everything ICE sends.
    public var method: UInt16
    /// 12 bytes that pair a response with its request.
    public var transactionID: [UInt8]
    public var attributes: [STUNAttribute]

    public init(messageClass: STUNClass, method: UInt16, transactionID: [UInt8], attributes: [STUNAttribute]) {
        self.messageClass = messageClass
        self.method = method
        self.transactionID = transactionID
        self.attributes = attributes
    }

    /// A fresh random 12-byte transaction ID.
    public static func randomTransactionID() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<12).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// The demultiplexing test of RFC 7983 plus the STUN header invariants, cheap enough for every datagram.
    public static func looksLikeSTUN(_ bytes: [UInt8]) -> Bool {
        bytes.count >= STUNWireFormat.headerLength
            && bytes[0] <= 3
            && STUNWireFormat.uint16(bytes, at: 2) % 4 == 0
            && STUNWireFormat.uint32(bytes, at: 4) == STUNWireFormat.magicCookie
    }

    /// The value of the first USERNAME attribute.
    public var username: String? {
        for case .username(let name) in attributes {
            return name
        }
        return nil
    }
}
