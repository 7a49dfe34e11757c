import HyperRTC
import HyperRender
import Logging
import Metrics
import NIOCore

/// XR viewers' data channels and pose WebSockets: SCTP over each viewer's DTLS association, poses into its render's
/// inbox, client reports into its figures, and one frame-timing message back per frame sent, on the data channel or
/// the WebSocket, whichever the viewer's last pose came on (docs/xr.md).
extension MediaRouter {
    /// Starts the SCTP association of a viewer that negotiated a data channel, once its DTLS is up; the viewer's
    /// browser opens it with an INIT.
    func startDataChannels(of viewer: Viewer, now: Double) {
        guard let xr = viewer.xr, let channel = viewer.negotiated.dataChannel else { return }
        var configuration = SCTPConfiguration()
        configuration.maxMessageSize = min(
            NegotiatedDataChannel.localMaximumMessageSize,
            channel.remoteMaximumMessageSize == 0 ? Int.max : channel.remoteMaximumMessageSize)
        xr.association = SCTPAssociation(configuration: configuration)
    }

    /// One SCTP packet out of a viewer's DTLS application data.
    func receiveSCTP(_ packet: [UInt8], viewer: Viewer, now: Double) {
        guard let xr = viewer.xr, xr.association != nil else {
            badDatagrams.increment()
            return
        }
        handleSCTP(xr.association?.receive(packet, now: now) ?? [], viewer: viewer, now: now)
        flushSCTP(of: viewer, now: now)
    }

    private func handleSCTP(_ events: [SCTPEvent], viewer: Viewer, now: Double) {
        guard let xr = viewer.xr else { return }
        for event in events {
            switch event {
            case .channelOpened(let channel):
                if channel.label == "pose" {
                    xr.poseChannel = channel.id
                    logger.info(
                        "XR pose channel open",
                        metadata: ["viewer": "\(viewer.id)", "ordered": "\(channel.ordered)"])
                }
            case .message(let channel, let binary, let bytes):
                receiveXRMessage(
                    bytes, binary: binary, onPoseChannel: channel == xr.poseChannel, via: .dataChannel,
                    viewer: viewer, now: now)
            case .channelClosed(let id):
                if id == xr.poseChannel { xr.poseChannel = nil }
            case .closed(let reason):
                logger.info("XR data channels closed: \(reason)", metadata: ["viewer": "\(viewer.id)"])
                xr.association = nil
                xr.poseChannel = nil
            case .established:
                continue
            }
        }
    }

    /// One message from the viewer's `pose` data channel or pose WebSocket: checked, rate-limited, and counted
    /// when dropped, whichever way it came.
    func receiveXRMessage(
        _ bytes: [UInt8], binary: Bool, onPoseChannel: Bool, via transport: XRPoseTransport, viewer: Viewer,
        now: Double
    ) {
        guard let xr = viewer.xr else { return }
        do throws(XRMessage.Rejection) {
            guard binary, onPoseChannel else { throw .channel }
            guard xr.admit(now: now) else { throw .rate }
            switch try XRMessage.decode(bytes) {
            case .pose(let pose):
                xr.posesReceived += 1
                xr.poseTransport = transport
                xrPoses.increment()
                xr.inbox.post(pose, uptimeNanoseconds: NIODeadline.now().uptimeNanoseconds)
            case .report(let report):
                xr.record(report)
                xr.inbox.predict(ahead: xr.predictionHorizon)
                xrMotionToPhoton.recordNanoseconds(Int64(report.motionToPhotonMilliseconds * 1e6))
                xrResidualRotation.record(report.residualRotationDegrees)
                if report.repeatedFrames > 0 { xrRepeatedFrames.increment(by: Int(report.repeatedFrames)) }
            }
        } catch {
            xr.messagesDropped[error, default: 0] += 1
            xrDroppedMessages[error]?.increment()
        }
    }

    /// Sends the viewer how its frame went, after the frame's last packet left.
    func reportXRFrame(
        _ stamp: XRFrameStamp, timing: SessionFrameTiming, to viewer: Viewer, wireUptimeNanoseconds: UInt64,
        now: Double
    ) {
        guard let xr = viewer.xr, viewer.state == .connected else { return }
        let received = stamp.poseReceivedUptimeNanoseconds
        let poseToWire = Double(wireUptimeNanoseconds > received ? wireUptimeNanoseconds - received : 0) / 1e6
        let poseToRender =
            Double(
                timing.renderStartUptimeNanoseconds > received ? timing.renderStartUptimeNanoseconds - received : 0)
            / 1e6
        xr.recordPoseToWire(poseToWire)
        xrPoseToWire.recordNanoseconds(Int64(poseToWire * 1e6))
        let message = XRFrameTiming(
            poseID: stamp.poseID, rtpTimestamp: UInt32(truncatingIfNeeded: stamp.rtpTimestamp),
            poseToRenderStartMilliseconds: poseToRender, renderMilliseconds: timing.renderMilliseconds,
            encodeMilliseconds: timing.encodeMilliseconds, poseToWireMilliseconds: poseToWire,
            position: stamp.head.position, orientation: stamp.head.orientation)
        let channel = xr.association == nil ? nil : xr.poseChannel
        if let socket = xr.poseSocket, xr.poseTransport == .webSocket || channel == nil {
            if !socket.send(message.encoded) { xr.timingsDropped += 1 }
            xr.timingsSent += 1
            return
        }
        guard let channel else { return }
        do {
            try xr.association?.send(message.encoded, channel: channel, binary: true, now: now)
            xr.timingsSent += 1
        } catch {
            logger.debug("XR frame timing not sent: \(error)", metadata: ["viewer": "\(viewer.id)"])
        }
        flushSCTP(of: viewer, now: now)
        transmitter.flush()
    }

    /// Makes `socket` the viewer's pose WebSocket; the one it had before is finished (its writer closes it).
    func attachPoseSocket(_ socket: XRPoseSocket, to viewer: Viewer) {
        guard let xr = viewer.xr else { return }
        xr.poseSocket?.finish()
        xr.poseSocket = socket
        logger.info("XR pose WebSocket open", metadata: ["viewer": "\(viewer.id)"])
    }

    /// Forgets `socket` if it is still the viewer's pose WebSocket; frame timings go back on the data channel.
    func detachPoseSocket(_ socket: XRPoseSocket, from viewer: Viewer) {
        guard let xr = viewer.xr, xr.poseSocket === socket else { return }
        socket.finish()
        xr.poseSocket = nil
        xr.poseTransport = .dataChannel
    }

    /// SCTP retransmissions and delayed acknowledgements due by `now`.
    func tickDataChannels(of viewer: Viewer, now: Double) {
        guard let xr = viewer.xr, let due = xr.association?.nextTimeout, due <= now else { return }
        handleSCTP(xr.association?.handleTimeout(now: now) ?? [], viewer: viewer, now: now)
        flushSCTP(of: viewer, now: now)
    }

    /// Hands what the association has to send to DTLS, record by record, and the records to the socket.
    private func flushSCTP(of viewer: Viewer, now: Double) {
        guard let xr = viewer.xr, let address = viewer.socketAddress else { return }
        while let packet = xr.association?.pollTransmit(now: now) {
            for event in viewer.dtls.send(applicationData: packet) {
                if case .send(let datagram) = event { send(datagram, to: address, on: viewer.socket) }
            }
        }
    }
}
