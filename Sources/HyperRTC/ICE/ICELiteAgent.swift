/// Server side of ICE-lite (RFC 8445 §2.5) with RFC 7675 consent for one viewer.
///
/// It answers the viewer's Binding requests and follows its nomination, but media never goes to an address on the
/// viewer's word alone: a nominated address is selected only once our own Binding request to it (a consent check,
/// signed with the viewer's password) is answered, so a viewer cannot point the stream at someone else's address.
/// Until then the address gets our STUN responses and checks, no more bytes than it sent us plus one check. The
/// selected address gets a consent check every `consentCheckInterval`; consent lasts `consentTimeout` after the last
/// answer or valid request from it. Bytes and time go in, datagrams to send and events come out.
public struct ICELiteAgent: Sendable {
    /// What the owner of the socket does after a datagram has been received or a timeout handled.
    public enum Action: Equatable, Sendable {
        /// Send this datagram to that address.
        case send([UInt8], to: RTCAddress)
        /// The address the viewer nominated answered our check: media goes there from now on.
        case selected(RTCAddress)
        /// A Binding request or response was refused or dropped; the reason is for the log.
        case rejected(reason: String)
    }

    /// How long consent lasts after the last answered check or valid request on the selected address (RFC 7675 §5.1).
    public static let consentTimeout: Double = 30
    /// Seconds between consent checks to the selected address (RFC 7675 §5.1: 5 s on average).
    public static let consentCheckInterval: Double = 5
    /// Seconds before an unanswered check is first sent again; each retransmission doubles it (RFC 8489 §6.2.1, with
    /// the 100 ms RTO that suits a server's links better than 500 ms).
    public static let checkRetransmissionInterval: Double = 0.1
    /// How many times a check is sent before the address is given up on (the last one waits 1.6 s for its answer).
    public static let checkTransmissions = 5
    /// The PRIORITY our checks carry: a host candidate's (RFC 8445 §5.1.2.1, type preference 126).
    static let checkPriority: UInt32 = (126 << 24) | (65535 << 8) | 255

    public let local: ICECredentials
    public let remote: ICECredentials
    /// Where media goes: the address the viewer nominated last that answered our check.
    public internal(set) var selectedAddress: RTCAddress?
    /// The time of the last answered check or valid request on the selected address.
    public internal(set) var lastConsent: Double?
    /// The address the viewer nominated that has not answered our check yet; nothing but STUN goes there.
    public internal(set) var nominatedAddress: RTCAddress?
    /// The transaction ID of our outstanding check, by which its response is routed back to this agent.
    public var outstandingCheck: [UInt8]? { check?.transactionID }

    var check: ConsentCheck?
    var nextConsentCheck: Double?
    /// Bytes of STUN exchanged with addresses other than the selected one: what the anti-amplification limit weighs.
    var unverifiedBytesReceived = 0
    var unverifiedBytesSent = 0
    let tieBreaker = UInt64.random(in: .min ... .max)

    public init(local: ICECredentials, remote: ICECredentials) {
        self.local = local
        self.remote = remote
    }

    /// The USERNAME a viewer's requests carry: our ufrag, a colon, its ufrag (RFC 8445 §7.2.2).
    public var expectedUsername: String { "\(local.ufrag):\(remote.ufrag)" }

    /// Handles one datagram from `address` at time `now` (seconds, any fixed origin).
    ///
    /// Binding requests are checked in the order of RFC 8489 §9.1.3 and RFC 8445 §7.3: a bad FINGERPRINT drops the
    /// datagram, a missing attribute or malformed message gets 400, a wrong USERNAME or MESSAGE-INTEGRITY 401, an
    /// unknown comprehension-required attribute 420, and ICE-CONTROLLED (we are always controlled) 487. Binding
    /// responses go to our outstanding check; anything else is ignored.
    public mutating func receive(_ bytes: [UInt8], from address: RTCAddress, now: Double) -> [Action] {
        guard STUNMessage.looksLikeSTUN(bytes),
            STUNMethod.method(fromType: STUNWireFormat.uint16(bytes, at: 0)) == STUNMessage.bindingMethod
        else { return [] }
        switch STUNClass(typeBits: STUNWireFormat.uint16(bytes, at: 0)) {
        case .request: break
        case .successResponse, .errorResponse: return receiveResponse(bytes, from: address, now: now)
        case .indication: return []
        }
        let request: STUNMessage
        do {
            request = try STUNMessage(parsing: bytes)
        } catch {
            let header = STUNMessage(
                messageClass: .request, method: STUNMessage.bindingMethod, transactionID: Array(bytes[8..<20]),
                attributes: [])
            return refuse(header, from: address, code: .badRequest, because: error.message, authenticated: false)
        }
        if request.attributes.contains(where: { $0.type == STUNAttributeType.fingerprint }) {
            guard STUNMessage.verifyFingerprint(bytes) else {
                return [.rejected(reason: "Binding request from \(address) has a FINGERPRINT that does not match")]
            }
        } else {
            return refuse(request, from: address, code: .badRequest, because: "no FINGERPRINT", authenticated: false)
        }
        guard let username = request.username,
            request.attributes.contains(where: { $0.type == STUNAttributeType.messageIntegrity })
        else {
            return refuse(
                request, from: address, code: .badRequest, because: "no USERNAME or no MESSAGE-INTEGRITY",
                authenticated: false)
        }
        guard username == expectedUsername else {
            return refuse(
                request, from: address, code: .unauthorized,
                because: "USERNAME '\(username)' is not '\(expectedUsername)'",
                authenticated: false)
        }
        guard STUNMessage.verifyIntegrity(bytes, key: local.integrityKey) else {
            return refuse(
                request, from: address, code: .unauthorized,
                because: "MESSAGE-INTEGRITY does not verify with our password",
                authenticated: false)
        }
        return answerAuthenticated(request, size: bytes.count, from: address, now: now)
    }

    /// True when a pair was selected and neither an answer to our check nor a valid request has come from it for
    /// `consentTimeout` seconds.
    public func consentExpired(now: Double) -> Bool {
        guard selectedAddress != nil, let lastConsent else { return false }
        return now - lastConsent >= Self.consentTimeout
    }

    /// The part of a Binding request's USERNAME before ':' — our ufrag — found without decoding the rest, to tell
    /// which viewer a datagram from a new address belongs to.
    public static func localUfrag(inRequest bytes: [UInt8]) -> String? {
        guard STUNMessage.looksLikeSTUN(bytes), STUNWireFormat.uint16(bytes, at: 0) == STUNMessage.bindingMethod,
            let walk = try? STUNAttributeWalk(bytes),
            let entry = walk.entries.first(where: { $0.type == STUNAttributeType.username }),
            let colon = bytes[entry.valueRange].firstIndex(of: UInt8(ascii: ":"))
        else { return nil }
        return String(validating: bytes[entry.valueRange.lowerBound..<colon], as: UTF8.self)
    }

    private mutating func answerAuthenticated(
        _ request: STUNMessage, size: Int, from address: RTCAddress, now: Double
    ) -> [Action] {
        let unknown = request.attributes.compactMap { attribute -> UInt16? in
            guard case .unknown(let type, _) = attribute, STUNAttributeType.isComprehensionRequired(type) else {
                return nil
            }
            return type
        }
        if !unknown.isEmpty {
            var list: [UInt8] = []
            for type in unknown { STUNWireFormat.append(type, to: &list) }
            let names = unknown.map(STUNWireFormat.hex16).joined(separator: ", ")
            return refuse(
                request, from: address, code: .unknownAttribute,
                because: "unknown comprehension-required attributes \(names)",
                authenticated: true, extra: [.unknown(type: STUNAttributeType.unknownAttributes, value: list)])
        }
        var controlling = false
        for attribute in request.attributes {
            switch attribute {
            case .iceControlled:
                return refuse(
                    request, from: address, code: .roleConflict,
                    because: "ICE-CONTROLLED, but an ICE-lite server is controlled",
                    authenticated: true)
            case .iceControlling:
                controlling = true
            default:
                continue
            }
        }
        guard controlling else {
            return refuse(request, from: address, code: .badRequest, because: "no ICE-CONTROLLING", authenticated: true)
        }
        let response = STUNMessage(
            messageClass: .successResponse, method: STUNMessage.bindingMethod, transactionID: request.transactionID,
            attributes: [.xorMappedAddress(address)]
        ).encoded(integrityKey: local.integrityKey, fingerprint: true)
        var actions: [Action] = [.send(response, to: address)]
        if address == selectedAddress {
            lastConsent = now
            if request.attributes.contains(.useCandidate), nominatedAddress != nil {
                nominatedAddress = nil  // the viewer went back to the address it already proved
                if check?.purpose == .nomination { check = nil }
            }
            return actions
        }
        unverifiedBytesReceived += size
        unverifiedBytesSent += response.count
        let nominates =
            request.attributes.contains(.useCandidate) || (selectedAddress == nil && nominatedAddress == nil)
        if nominates, nominatedAddress != address {
            nominatedAddress = address
            check = nil
        }
        if nominatedAddress == address, check == nil || check?.address != address {
            actions += sendCheck(to: address, purpose: .nomination, now: now)
        }
        return actions
    }

    /// The error responses this agent sends, with their RFC 8489 §14.8 and RFC 8445 §16.1 reason phrases.
    private enum Refusal: Int {
        case badRequest = 400
        case unauthorized = 401
        case unknownAttribute = 420
        case roleConflict = 487

        var phrase: String {
            switch self {
            case .badRequest: "Bad Request"
            case .unauthorized: "Unauthorized"
            case .unknownAttribute: "Unknown Attribute"
            case .roleConflict: "Role Conflict"
            }
        }
    }

    /// An error response (with MESSAGE-INTEGRITY only once the request authenticated) and the log reason.
    private func refuse(
        _ request: STUNMessage, from address: RTCAddress, code: Refusal, because reason: String, authenticated: Bool,
        extra: [STUNAttribute] = []
    ) -> [Action] {
        let response = STUNMessage(
            messageClass: .errorResponse, method: STUNMessage.bindingMethod, transactionID: request.transactionID,
            attributes: [.errorCode(code: code.rawValue, reason: code.phrase)] + extra)
        let key = authenticated ? local.integrityKey : nil
        return [
            .send(response.encoded(integrityKey: key, fingerprint: true), to: address),
            .rejected(reason: "Binding request from \(address) refused with \(code.rawValue): \(reason)"),
        ]
    }
}
