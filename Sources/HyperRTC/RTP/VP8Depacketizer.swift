/// Reassembles VP8 frames from RTP packets (for tests, probes and the loopback load client): a frame comes out once
/// its start, its marker packet and every sequence number between them have arrived, in any order.
public struct VP8Depacketizer: Sendable {
    /// One reassembled VP8 frame.
    public struct VP8Frame: Equatable, Sendable {
        public var data: [UInt8]
        public var timestamp: UInt32
        public var pictureID: UInt16?
        /// The VP8 payload header's P bit is 0 on the frame's first byte.
        public var isKeyframe: Bool
        /// The descriptor's TID and TL0PICIDX when the sender marks temporal layers.
        public var temporalLayer: UInt8?
        public var tl0PictureIndex: UInt8?

        public init(
            data: [UInt8], timestamp: UInt32, pictureID: UInt16?, isKeyframe: Bool, temporalLayer: UInt8? = nil,
            tl0PictureIndex: UInt8? = nil
        ) {
            self.data = data
            self.timestamp = timestamp
            self.pictureID = pictureID
            self.isKeyframe = isKeyframe
            self.temporalLayer = temporalLayer
            self.tl0PictureIndex = tl0PictureIndex
        }
    }

    private struct PartialFrame {
        var parts: [UInt16: [UInt8]] = [:]
        var firstSequenceNumber: UInt16?
        var lastSequenceNumber: UInt16?
        var pictureID: UInt16?
        var temporalLayer: UInt8?
        var tl0PictureIndex: UInt8?

        mutating func add(sequenceNumber: UInt16, data: [UInt8], descriptor: VP8PayloadDescriptor, marker: Bool) {
            guard parts[sequenceNumber] == nil else { return }
            parts[sequenceNumber] = data
            if descriptor.isStartOfFrame {
                firstSequenceNumber = sequenceNumber
                pictureID = descriptor.pictureID
                temporalLayer = descriptor.temporalLayer
                tl0PictureIndex = descriptor.tl0PictureIndex
            }
            if marker {
                lastSequenceNumber = sequenceNumber
            }
        }

        func assembled() -> [UInt8]? {
            guard let first = firstSequenceNumber, let last = lastSequenceNumber else { return nil }
            let span = Int(last &- first) + 1
            guard span <= parts.count else { return nil }
            var data: [UInt8] = []
            for offset in 0..<span {
                guard let part = parts[first &+ UInt16(offset)] else { return nil }
                data.append(contentsOf: part)
            }
            return data
        }
    }

    /// Incomplete frames kept at most; beyond that the oldest is given up.
    static let maximumPendingFrames = 32

    private var pending: [UInt32: PartialFrame] = [:]
    /// Frames at or before this timestamp were emitted or given up.
    private var settledTimestamp: UInt32?
    private var lastEmittedSequenceNumber: UInt16?
    /// Frames given up because a later frame completed first or too many were pending: each one is a detected loss.
    public private(set) var droppedFrames = 0
    /// Emitted frames whose first packet did not directly follow the previous emitted frame's last packet: counts
    /// losses that took whole frames too.
    public private(set) var sequenceGaps = 0

    public init() {}

    /// Adds one packet; returns the frame it completes, or nil. Packets of frames already emitted or given up are
    /// ignored; a malformed VP8 payload descriptor throws.
    public mutating func push(_ packet: RTPPacket) throws(RTCError) -> VP8Frame? {
        let descriptor = try VP8PayloadDescriptor(parsing: packet.payload)
        let timestamp = packet.timestamp
        if let settled = settledTimestamp, !RTPWire.isNewer(timestamp, than: settled) {
            return nil
        }
        var frame = pending.removeValue(forKey: timestamp) ?? PartialFrame()
        frame.add(
            sequenceNumber: packet.sequenceNumber, data: Array(packet.payload[descriptor.length...]),
            descriptor: descriptor, marker: packet.marker)
        guard let data = frame.assembled() else {
            pending[timestamp] = frame
            dropOldestWhilePendingExceedsLimit()
            return nil
        }
        let older = pending.keys.filter { RTPWire.isNewer(timestamp, than: $0) }
        for key in older {
            pending.removeValue(forKey: key)
        }
        droppedFrames += older.count
        settledTimestamp = timestamp
        if let last = lastEmittedSequenceNumber, frame.firstSequenceNumber != last &+ 1 {
            sequenceGaps += 1
        }
        lastEmittedSequenceNumber = frame.lastSequenceNumber
        return VP8Frame(
            data: data, timestamp: timestamp, pictureID: frame.pictureID, isKeyframe: data[0] & 0x01 == 0,
            temporalLayer: frame.temporalLayer, tl0PictureIndex: frame.tl0PictureIndex)
    }

    private mutating func dropOldestWhilePendingExceedsLimit() {
        while pending.count > Self.maximumPendingFrames {
            let keys = Array(pending.keys)
            let oldest = keys.reduce(keys[0]) { RTPWire.isNewer($0, than: $1) ? $1 : $0 }
            pending.removeValue(forKey: oldest)
            settledTimestamp = oldest
            droppedFrames += 1
        }
    }
}
