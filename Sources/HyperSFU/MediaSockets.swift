import NIOCore

/// The media sockets, all on one UDP port, one per local address the server answers on (just one for a specific
/// `--host`). A viewer's datagrams all leave through the socket its nomination reached, so that their source is the
/// address the viewer checked (RFC 8445 §7.2.5.2.1): swift-nio cannot pick a send's source address on one socket.
/// The router's `MediaTransmitter` in the server; remembers which sockets were written since the last flush. Lives on
/// the media event loop.
final class MediaSockets: MediaTransmitter {
    private var channels: [(any Channel)?]
    private var written: [Bool]

    init(count: Int = 1) {
        channels = Array(repeating: nil, count: count)
        written = Array(repeating: false, count: count)
    }

    /// Makes `channel` socket `index`, growing the set when needed.
    func install(_ channel: any Channel, at index: Int) {
        while channels.count <= index {
            channels.append(nil)
            written.append(false)
        }
        channels[index] = channel
    }

    func isWritable(_ socket: Int) -> Bool {
        channel(socket)?.isWritable ?? false
    }

    func queue(_ datagram: ByteBuffer, to address: SocketAddress, on socket: Int, segmentSize: Int?) {
        guard let channel = channel(socket) else { return }
        let metadata = segmentSize.map {
            AddressedEnvelope<ByteBuffer>.Metadata(ecnState: .transportNotCapable, packetInfo: nil, segmentSize: $0)
        }
        channel.write(AddressedEnvelope(remoteAddress: address, data: datagram, metadata: metadata), promise: nil)
        written[socket] = true
    }

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

    private func channel(_ socket: Int) -> (any Channel)? {
        channels.indices.contains(socket) ? channels[socket] : nil
    }
}
