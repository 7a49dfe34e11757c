import NIOCore

/// The router's way out: datagrams queued to an address on one of the media sockets (by index, `Viewer.socket`), and a
/// flush. The router never touches a socket; the server sends through NIO channels (`MediaSockets`), tests record.
protocol MediaTransmitter: AnyObject {
    /// Whether socket `socket` takes more now: false while its write buffer is over its high-water mark or it is not
    /// bound, when the router drops media rather than queue it.
    func isWritable(_ socket: Int) -> Bool

    /// Queues `datagram` to `address` on socket `socket`, unflushed; dropped when that socket is not bound. With
    /// `segmentSize`, the datagram is a run of packets that the kernel cuts into datagrams of that size, the last
    /// possibly shorter (UDP segmentation offload).
    func queue(_ datagram: ByteBuffer, to address: SocketAddress, on socket: Int, segmentSize: Int?)

    /// Sends everything queued since the last flush.
    func flush()
}
