import HyperMedia
import HyperRTC
import Metrics
import NIOCore

/// The fan-out: each encoded frame packetized once per track, then per connected viewer only its layer and keyframe
/// gates, SRTP and the send, with the socket flushed every `flushThreshold` bytes.
extension MediaRouter {
    /// Queued bytes after which `deliver` flushes mid-frame, so that one frame to many viewers never fills the
    /// channel's write buffer (4 MiB high-water mark) before anything reached the socket.
    static let flushThreshold = 256 << 10

    /// Fans one encoded frame out to the connected viewers of a track (`trackKey`: a session's spectators, or one XR
    /// viewer): packetized once, then per viewer only SRTP and the send. Records glass-to-wire: the frame's render
    /// start to its last packet handed to the socket.
    func deliver(_ frame: EncodedFrame, timing: SessionFrameTiming, trackKey: String, now: Double) {
        // Taken out of the dictionary while it changes, so that storing the frame's packets mutates the
        // retransmission ring in place instead of copying its 2 048 slots.
        guard var track = tracks.removeValue(forKey: trackKey) else { return }
        let packets = track.packetize(frame, now: now)
        var total = SRTPDatagramWriter.Result()
        var unflushed = 0
        var reached = 0
        var joined: [Viewer] = []
        let recipients = xrViewers[trackKey].map { [$0.id] } ?? Array(sessionViewers[trackKey] ?? [])
        for id in recipients {
            guard let viewer = viewers[id], viewer.state == .connected, viewer.trackKey == trackKey else { continue }
            if viewer.awaitingKeyframe {
                guard frame.isKeyframe else { continue }
                viewer.awaitingKeyframe = false
                if viewer.joinTimeline != nil { joined.append(viewer) }
            }
            if frame.temporalLayer > viewer.layers.maximumLayer {
                if let first = packets.first {
                    viewer.skipFrame(first: VideoTrack.sequenceNumber(of: first), packets: packets.count)
                }
                continue
            }
            if viewer.renumbers {
                for packet in packets { viewer.recordSent(original: VideoTrack.sequenceNumber(of: packet)) }
            }
            let result = sendRTP(
                packets[...], to: viewer, payloadType: viewer.videoPayloadType, sequenceOffset: viewer.sequenceOffset)
            total.add(result)
            reached += 1
            unflushed += result.bytes
            if unflushed >= Self.flushThreshold {
                transmitter.flush()
                unflushed = 0
            }
        }
        transmitter.flush()
        account(total)
        for viewer in joined { sentFirstKeyframe(to: viewer, now: now) }
        let end = NIODeadline.now().uptimeNanoseconds
        let nanoseconds = end > timing.renderStartUptimeNanoseconds ? end - timing.renderStartUptimeNanoseconds : 0
        track.metrics.record(isKeyframe: frame.isKeyframe, timing: timing, glassToWireNanoseconds: nanoseconds)
        track.timings.record(
            glassToWireMilliseconds: Double(nanoseconds) / 1e6,
            renderMilliseconds: timing.renderMilliseconds,
            encodeMilliseconds: timing.encodeMilliseconds
        )
        if now - track.lastTracedFrameAt >= frameTraceInterval {
            track.lastTracedFrameAt = now
            frameTraced(
                FrameTrace(
                    trackKey: trackKey, renderStartUptimeNanoseconds: timing.renderStartUptimeNanoseconds,
                    renderMilliseconds: timing.renderMilliseconds, encodeMilliseconds: timing.encodeMilliseconds,
                    wireUptimeNanoseconds: end, isKeyframe: frame.isKeyframe, viewers: reached,
                    packets: packets.count, bytes: total.bytes))
        }
        if let stamp = timing.xr, let viewer = xrViewers[trackKey] {
            reportXRFrame(stamp, timing: timing, to: viewer, wireUptimeNanoseconds: end, now: now)
        }
        tracks[trackKey] = track
    }

    /// Sends one Opus packet to every connected viewer of the session that negotiated audio.
    func deliverAudio(_ packet: AudioPacket, sessionID: String, now: Double) {
        guard var track = audioTracks[sessionID] else { return }
        let bytes = track.packetize(packet, now: now)
        audioTracks[sessionID] = track
        let packets = [bytes]
        var total = SRTPDatagramWriter.Result()
        for id in sessionViewers[sessionID] ?? [] {
            guard let viewer = viewers[id], viewer.state == .connected, !viewer.awaitingKeyframe,
                let audio = viewer.negotiated.audio
            else { continue }
            total.add(sendRTP(packets[...], to: viewer, payloadType: UInt8(audio.payloadType)))
        }
        transmitter.flush()
        account(total)
    }

    /// Queues `packets` to one viewer with its payload type and SRTP keys, unflushed; drops them all while the
    /// socket's write buffer is over its high-water mark, so a stalled socket sheds load instead of queueing it.
    func sendRTP(
        _ packets: ArraySlice<[UInt8]>, to viewer: Viewer, payloadType: UInt8, sequenceOffset: UInt16 = 0
    ) -> SRTPDatagramWriter.Result {
        guard let srtp = viewer.srtp, let address = viewer.socketAddress else { return .init() }
        guard transmitter.isWritable(viewer.socket) else {
            viewer.packetsDropped += packets.count
            return .init(failed: packets.count)
        }
        let result = writer.write(
            packets, payloadType: payloadType, sequenceOffset: sequenceOffset, srtp: srtp, to: address,
            on: viewer.socket, through: transmitter)
        viewer.packetsSent &+= UInt32(truncatingIfNeeded: result.packets)
        viewer.octetsSent &+= UInt32(truncatingIfNeeded: result.payloadBytes)
        viewer.packetsDropped += result.failed
        return result
    }

    /// Adds what a fan-out queued to the server's counters, once per frame rather than per packet.
    func account(_ result: SRTPDatagramWriter.Result) {
        if result.packets > 0 { packetsSent.increment(by: result.packets) }
        if result.bytes > 0 {
            bytesSent.increment(by: result.bytes)
            egress.add(result.bytes)
        }
        if result.datagrams > 0 { datagramsSent.increment(by: result.datagrams) }
        if result.failed > 0 { packetsDropped.increment(by: result.failed) }
    }
}
