/// Which way an XR viewer's poses reach the server, and so which way its frame timings go back: the `pose` data
/// channel or the pose WebSocket, whichever its last pose came on.
enum XRPoseTransport: Equatable {
    case dataChannel
    case webSocket
}
