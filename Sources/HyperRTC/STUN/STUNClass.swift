/// The class of a STUN message (RFC 8489 §5), carried in two bits of the message type.
public enum STUNClass: Sendable, Equatable {
    case request, indication, successResponse, errorResponse

    init(typeBits: UInt16) {
        switch ((typeBits >> 7) & 0b10) | ((typeBits >> 4) & 0b01) {
        case 0b00: self = .request
        case 0b01: self = .indication
        case 0b10: self = .successResponse
        default: self = .errorResponse
        }
    }

    var typeBits: UInt16 {
        switch self {
        case .request: 0x0000
        case .indication: 0x0010
        case .successResponse: 0x0100
        case .errorResponse: 0x0110
        }
    }
}
