public import HyperRender

/// The pose an XR frame was rendered for, as its frame timing carries it to the fan-out.
public struct XRFrameStamp: Sendable {
    public let head: HeadPose
    public let poseID: UInt32
    /// The frame's RTP timestamp on the unwrapped 90 kHz clock: the pose's sample time.
    public let rtpTimestamp: Int64
    public let poseReceivedUptimeNanoseconds: UInt64
}

/// Picks each XR frame's pose and RTP timestamp on the render thread: a new pose gives its own sample time; a frame
/// with no newer pose than the last adds the server time since that pose arrived, so timestamps keep increasing.
struct XRFramePoses {
    private var lastRTPTimestamp: Int64?

    mutating func stamp(for sample: XRPoseInbox.Sample, nowUptimeNanoseconds: UInt64) -> XRFrameStamp {
        var timestamp = XRPose.rtpTimestamp(sampleTime: sample.sampleTime)
        if let last = lastRTPTimestamp, timestamp <= last {
            let waited =
                nowUptimeNanoseconds > sample.receivedUptimeNanoseconds
                ? nowUptimeNanoseconds - sample.receivedUptimeNanoseconds : 0
            timestamp = max(timestamp + Int64((Double(waited) * 90_000 / 1e9).rounded()), last + 1)
        }
        lastRTPTimestamp = timestamp
        return XRFrameStamp(
            head: sample.head, poseID: sample.poseID, rtpTimestamp: timestamp,
            poseReceivedUptimeNanoseconds: sample.receivedUptimeNanoseconds)
    }
}
