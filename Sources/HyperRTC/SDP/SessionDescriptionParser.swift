/// The line-by-line SDP reader behind `SessionDescription(parsing:)`.
struct SessionDescriptionParser {
    /// The line types of RFC 8866 §5 (and `k=`, obsolete but still legal).
    private static let lineTypes = Set("vosiuepcbtrzkam".utf8)

    /// Transport attributes written at session level, which m-sections without their own inherit.
    private struct SessionDefaults {
        var iceUfrag: String?
        var icePassword: String?
        var fingerprint: SDPFingerprint?
        var setup: String?
        var direction: SDPDirection?
    }

    private let limits: SDPLimits
    private var session = SessionDescription(media: [])
    private var defaults = SessionDefaults()
    private var explicitDirection: [Bool] = []
    private var lineNumber = 0
    /// a= lines in the current section (session level until the first m=).
    private var sectionAttributes = 0

    init(limits: SDPLimits) {
        self.limits = limits
    }

    mutating func parse(_ text: String) throws(RTCError) -> SessionDescription {
        let newlines = text.utf8.reduce(into: 0) { count, byte in count += byte == UInt8(ascii: "\n") ? 1 : 0 }
        let lineCount = newlines + (text.utf8.last == UInt8(ascii: "\n") ? 0 : 1)
        guard lineCount <= limits.maximumLines else {
            throw RTCError(
                .sdpTooLarge,
                "the SDP has \(lineCount) lines; this server reads at most \(limits.maximumLines)")
        }
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard lines.first == "v=0" else {
            throw RTCError(
                .malformedSDP, "SDP line 1: a session description starts with 'v=0', got '\(lines.first ?? "")'")
        }
        for (index, line) in lines.enumerated().dropFirst() {
            lineNumber = index + 1
            try parseLine(line)
        }
        for index in session.media.indices {
            inheritSessionDefaults(into: &session.media[index], explicitDirection: explicitDirection[index])
        }
        return session
    }

    private func error(_ message: String) -> RTCError {
        RTCError(.malformedSDP, "SDP line \(lineNumber): \(message)")
    }

    private func tooLarge(_ message: String) -> RTCError {
        RTCError(.sdpTooLarge, "SDP line \(lineNumber): \(message)")
    }

    private mutating func parseLine(_ line: String) throws(RTCError) {
        let utf8 = Array(line.utf8.prefix(2))
        guard utf8.count == 2, utf8[1] == UInt8(ascii: "="), Self.lineTypes.contains(utf8[0]) else {
            throw error("expected '<type>=<value>' with a type letter of v o s i u e p c b t r z k a m, got '\(line)'")
        }
        let value = String(decoding: line.utf8.dropFirst(2), as: UTF8.self)
        switch utf8[0] {
        case UInt8(ascii: "v"):
            throw error("only the first line may be v=, got '\(line)'")
        case UInt8(ascii: "m"):
            try parseMediaLine(value, line: line)
        case UInt8(ascii: "a"):
            try parseAttribute(value, line: line)
        default:
            break
        }
    }

    private mutating func parseMediaLine(_ value: String, line: String) throws(RTCError) {
        let fields = value.split(separator: " ")
        guard fields.count >= 4 else {
            throw error("m= needs '<media> <port> <proto> <fmt> …', got '\(line)'")
        }
        guard session.media.count < limits.maximumMediaSections else {
            throw tooLarge(
                "more than \(limits.maximumMediaSections) m= sections; this server answers at most "
                    + "\(limits.maximumMediaSections)")
        }
        sectionAttributes = 0
        let portField = fields[1].split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)[0]
        guard let port = SDPNumber.parse(portField, in: 0...65535) else {
            throw error("m= port '\(fields[1])' is not a number 0-65535, in '\(line)'")
        }
        session.media.append(
            MediaDescription(
                kind: String(fields[0]), port: port, proto: String(fields[2]), formats: fields[3...].map(String.init)))
        explicitDirection.append(false)
    }

    private mutating func parseAttribute(_ text: String, line: String) throws(RTCError) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0])
        let value = parts.count == 2 ? String(parts[1]) : nil
        guard !name.isEmpty, !name.contains(" ") else {
            throw error("a= needs an attribute name, got '\(line)'")
        }
        sectionAttributes += 1
        guard sectionAttributes <= limits.maximumAttributesPerSection else {
            let section = session.media.isEmpty ? "at session level" : "in m= section \(session.media.count)"
            throw tooLarge(
                "more than \(limits.maximumAttributesPerSection) a= lines \(section); this server reads at most "
                    + "\(limits.maximumAttributesPerSection) per section")
        }
        if let direction = SDPDirection(rawValue: name), value == nil {
            if session.media.isEmpty {
                defaults.direction = direction
            } else {
                session.media[session.media.count - 1].direction = direction
                explicitDirection[explicitDirection.count - 1] = true
            }
            return
        }
        if session.media.isEmpty {
            try parseSessionAttribute(name, value, line: line)
        } else {
            var media = session.media.removeLast()
            try parseMediaAttribute(name, value, line: line, into: &media)
            session.media.append(media)
        }
    }

    private mutating func parseSessionAttribute(_ name: String, _ value: String?, line: String) throws(RTCError) {
        switch name {
        case "ice-lite":
            session.iceLite = true
        case "group":
            let tags = (value ?? "").split(separator: " ").map(String.init)
            if tags.first == "BUNDLE" {
                guard tags.count - 1 <= limits.maximumBundleGroupSize,
                    session.bundleGroups.count < limits.maximumBundleGroupSize
                else {
                    throw tooLarge(
                        "a=group:BUNDLE with \(tags.count - 1) tags (group \(session.bundleGroups.count + 1)); this "
                            + "server takes at most \(limits.maximumBundleGroupSize) groups of "
                            + "\(limits.maximumBundleGroupSize) tags")
                }
                session.bundleGroups.append(Array(tags.dropFirst()))
            } else {
                session.attributes.append(SDPAttribute(name: name, value: value))
            }
        case "ice-ufrag":
            defaults.iceUfrag = try required(value, line: line)
        case "ice-pwd":
            defaults.icePassword = try required(value, line: line)
        case "setup":
            defaults.setup = try required(value, line: line)
        case "fingerprint":
            let parsed = try fingerprint(value, line: line)
            if let extra = Self.prefer(parsed, over: &defaults.fingerprint) {
                session.attributes.append(SDPAttribute(name: name, value: extra.attributeValue))
            }
        default:
            session.attributes.append(SDPAttribute(name: name, value: value))
        }
    }

    private func parseMediaAttribute(
        _ name: String, _ value: String?, line: String, into media: inout MediaDescription
    ) throws(RTCError) {
        switch name {
        case "mid":
            media.mid = try required(value, line: line)
        case "rtpmap":
            guard let value, let (payloadType, map) = RTPMap.parse(value) else {
                throw error(
                    "a=rtpmap needs '<payload type> <encoding name>/<clock rate>[/<channels>]', got '\(line)'")
            }
            media.rtpMaps[payloadType] = map
        case "fmtp":
            let (payloadType, parameters) = try payloadTypeAndRest(value, line: line, wildcard: false)
            media.formatParameters[payloadType] = parameters
        case "rtcp-fb":
            let (payloadType, feedback) = try payloadTypeAndRest(value, line: line, wildcard: true)
            media.feedback[payloadType, default: []].append(feedback)
        case "extmap":
            let fields = (value ?? "").split(separator: " ")
            let id = fields.first.flatMap { field in
                SDPNumber.parse(field.split(separator: "/", omittingEmptySubsequences: false)[0], in: 1...4095)
            }
            guard let id, fields.count >= 2 else {
                throw error("a=extmap needs '<id>[/<direction>] <URI>', got '\(line)'")
            }
            media.extensions[id] = String(fields[1])
        case "ice-ufrag":
            media.iceUfrag = try required(value, line: line)
        case "ice-pwd":
            media.icePassword = try required(value, line: line)
        case "setup":
            media.setup = try required(value, line: line)
        case "fingerprint":
            let parsed = try fingerprint(value, line: line)
            if let extra = Self.prefer(parsed, over: &media.fingerprint) {
                media.attributes.append(SDPAttribute(name: name, value: extra.attributeValue))
            }
        case "candidate":
            let text = try required(value, line: line)
            do {
                media.candidates.append(try SDPCandidate(attribute: text))
            } catch {
                throw self.error(error.message)
            }
        case "rtcp-mux" where value == nil:
            media.rtcpMux = true
        case "rtcp-rsize" where value == nil:
            media.rtcpReducedSize = true
        default:
            media.attributes.append(SDPAttribute(name: name, value: value))
        }
    }

    private func required(_ value: String?, line: String) throws(RTCError) -> String {
        guard let value, !value.isEmpty else {
            throw error("attribute needs a value, got '\(line)'")
        }
        return value
    }

    private func fingerprint(_ value: String?, line: String) throws(RTCError) -> SDPFingerprint {
        let text = try required(value, line: line)
        do {
            return try SDPFingerprint(attribute: text)
        } catch {
            throw self.error(error.message)
        }
    }

    /// Splits `<payload type> <rest>` as `a=fmtp` and `a=rtcp-fb` write it; `*` is -1 where allowed.
    private func payloadTypeAndRest(
        _ value: String?, line: String, wildcard: Bool
    ) throws(RTCError) -> (Int, String) {
        let parts = (value ?? "").split(separator: " ", maxSplits: 1)
        let payloadType = parts.first.flatMap { field in
            wildcard && field == "*" ? -1 : SDPNumber.parse(field, in: 0...127)
        }
        guard let payloadType, parts.count == 2 else {
            let name = line.prefix(while: { $0 != ":" })
            throw error("\(name) needs '<payload type\(wildcard ? " or *" : "")> <value>', got '\(line)'")
        }
        return (payloadType, String(parts[1]).trimmingSpaces)
    }

    /// Keeps a sha-256 fingerprint over any other; returns the one not kept, if there was a choice to make.
    private static func prefer(_ candidate: SDPFingerprint, over current: inout SDPFingerprint?) -> SDPFingerprint? {
        guard let existing = current else {
            current = candidate
            return nil
        }
        if existing.algorithm != "sha-256", candidate.algorithm == "sha-256" {
            current = candidate
            return existing
        }
        return candidate
    }

    private func inheritSessionDefaults(into media: inout MediaDescription, explicitDirection: Bool) {
        media.iceUfrag = media.iceUfrag ?? defaults.iceUfrag
        media.icePassword = media.icePassword ?? defaults.icePassword
        media.fingerprint = media.fingerprint ?? defaults.fingerprint
        media.setup = media.setup ?? defaults.setup
        if !explicitDirection, let direction = defaults.direction {
            media.direction = direction
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
