import HyperImage
import HyperMedia
import HyperRTC

/// What a verifying load viewer does with each SRTP packet: authenticate and decrypt it, check its payload type,
/// reassemble VP8 frames, decode them if asked, and recognise a sequence number seen before as a retransmission by
/// comparing it with the first copy (libsrtp's replay window would refuse to decrypt it a second time).
struct RTPStreamVerifier {
    /// Protected packets remembered by sequence number, to compare retransmissions with.
    static let historyCapacity = 512

    let payloadType: UInt8
    private let decoder: VideoDecoder?
    private var depacketizer = VP8Depacketizer()
    private var history: [UInt16: [UInt8]] = [:]
    private var historyOrder: [UInt16] = []
    private var historyNext = 0

    private(set) var unprotectedPackets = 0
    private(set) var unprotectFailures = 0
    private(set) var malformedPackets = 0
    private(set) var framesCompleted = 0
    private(set) var keyframes = 0
    private(set) var framesDecoded = 0
    private(set) var decodeFailures = 0
    private(set) var retransmissionsReceived = 0

    init(payloadType: UInt8, decodes: Bool) throws(MediaError) {
        self.payloadType = payloadType
        decoder = decodes ? try VideoDecoder(codec: .vp8) : nil
    }

    /// What one datagram gave: events for a test, and the reassembled frame itself for a relay.
    struct Outcome {
        var events: [LoadViewerEvent] = []
        var frame: VP8Depacketizer.VP8Frame?
        /// Whether frames between the previous completed one and this one were lost (skipped or left incomplete).
        var followsLoss = false
    }

    /// Checks one SRTP datagram and returns what a test may want to know about it.
    mutating func receive(_ datagram: [UInt8], sequenceNumber: UInt16, srtp: SRTPSession) -> Outcome {
        if let original = history[sequenceNumber] {
            retransmissionsReceived += 1
            return Outcome(
                events: [.retransmission(sequenceNumber: sequenceNumber, identicalToOriginal: original == datagram)])
        }
        guard let plain = try? srtp.unprotectRTP(datagram) else {
            unprotectFailures += 1
            return Outcome()
        }
        unprotectedPackets += 1
        remember(datagram, sequenceNumber: sequenceNumber)
        guard let packet = try? RTPPacket(parsing: plain), packet.payloadType == payloadType else {
            malformedPackets += 1
            return Outcome()
        }
        let lossBefore = (depacketizer.droppedFrames, depacketizer.sequenceGaps)
        let frame: VP8Depacketizer.VP8Frame?
        do {
            frame = try depacketizer.push(packet)
        } catch {
            malformedPackets += 1
            return Outcome()
        }
        guard let frame else { return Outcome() }
        framesCompleted += 1
        if frame.isKeyframe { keyframes += 1 }
        let size = decode(frame.data)
        let events: [LoadViewerEvent] = [
            .frame(
                LoadViewerFrame(
                    timestamp: frame.timestamp,
                    pictureID: frame.pictureID,
                    isKeyframe: frame.isKeyframe,
                    byteCount: frame.data.count,
                    decodedWidth: size?.width,
                    decodedHeight: size?.height,
                    arrival: .now,
                    temporalLayer: frame.temporalLayer
                )
            )
        ]
        let followsLoss = lossBefore != (depacketizer.droppedFrames, depacketizer.sequenceGaps)
        return Outcome(events: events, frame: frame, followsLoss: followsLoss)
    }

    /// Frames the depacketizer gave up on because packets were missing.
    var incompleteFrames: Int { depacketizer.droppedFrames }

    private mutating func decode(_ data: [UInt8]) -> (width: Int, height: Int)? {
        guard let decoder else { return nil }
        do {
            guard let picture = try decoder.decode(data).last else { return nil }
            framesDecoded += 1
            return (picture.layout.width, picture.layout.height)
        } catch {
            decodeFailures += 1
            return nil
        }
    }

    private mutating func remember(_ datagram: [UInt8], sequenceNumber: UInt16) {
        if historyOrder.count < Self.historyCapacity {
            historyOrder.append(sequenceNumber)
        } else {
            history[historyOrder[historyNext]] = nil
            historyOrder[historyNext] = sequenceNumber
            historyNext = (historyNext + 1) % Self.historyCapacity
        }
        history[sequenceNumber] = datagram
    }
}
