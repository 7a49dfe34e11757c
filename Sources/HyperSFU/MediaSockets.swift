import NIOCore

/// The media sockets, all on one UDP port, one per local address the server answers on (just one for a specific
/// `--host`). A viewer's datagrams all leave through the socket its nomination reached, so that their source is the
/// address the viewer checked (RFC 8445 §7.2.5.2.1): swift-nio cannot pick a send's source address on one socket.
/// Remembers which sockets were written since the last flush. Lives on the media event loop.
final class MediaSockets {
    private var channels: [(any Channel)?]
    private var written: [Bool]

    init(count: Int = 1) {
        channels = Array(repeating: nil, count: count)
        written = Array(repeating: false, count: count)
    }

    /// The channel of socket `index`; nil while it is not bound.
    subscript(index: Int) -> (any Channel)? {
        channels.indices.contains(index) ? channels[index] : nil
    }

    /// Makes `channel` socket `index`, growing the set when needed.
    func install(_ channel: any Channel, at index: Int) {
        while channels.count <= index {
            channels.append(nil)
            written.append(false)
        }
        channels[index] = channel
    }

    /// Queues `envelope` on socket `index`, unflushed; dropped when that socket is not bound.
    func write(_ envelope: AddressedEnvelope<ByteBuffer>, on index: Int) {
        guard let channel = self[index] else { return }
        channel.write(envelope, promise: nil)
        written[index] = true
    }

    /// Notes that something was queued on socket `index` directly on its channel.
    func markWritten(_ index: Int) {
        if written.indices.contains(index) { written[index] = true }
    }

    /// Flushes every socket written since the last flush.
    func flush() {
        for index in channels.indices where written[index] {
            written[index] = false
            channels[index]?.flush()
        }
    }

    /// Closes every socket.
    func closeAll() {
        for channel in channels { channel?.close(promise: nil) }
    }
}
