import NIOCore

@testable import HyperSFU

/// The router's media sockets in tests: keeps what is queued until a flush, then records it as sent, one datagram per
/// packet as the kernel would split a segmented one. Sockets in `full` refuse media as a socket over its write
/// buffer's high-water mark does.
final class RecordingTransmitter: MediaTransmitter {
    struct Datagram {
        var bytes: [UInt8]
        var to: SocketAddress
        var socket: Int
    }

    /// Sent (flushed) datagrams not yet taken by `take`.
    private(set) var sent: [Datagram] = []
    private var queued: [Datagram] = []
    var full: Set<Int> = []
    /// Datagrams queued with a segment size, before splitting.
    private(set) var segmentedDatagrams = 0

    func isWritable(_ socket: Int) -> Bool {
        !full.contains(socket)
    }

    func queue(_ datagram: ByteBuffer, to address: SocketAddress, on socket: Int, segmentSize: Int?) {
        let bytes = Array(datagram.readableBytesView)
        guard let segmentSize else {
            queued.append(Datagram(bytes: bytes, to: address, socket: socket))
            return
        }
        segmentedDatagrams += 1
        for start in stride(from: 0, to: bytes.count, by: segmentSize) {
            let segment = Array(bytes[start..<min(start + segmentSize, bytes.count)])
            queued.append(Datagram(bytes: segment, to: address, socket: socket))
        }
    }

    func flush() {
        sent += queued
        queued = []
    }

    /// The datagrams sent on `socket` (on any socket when nil) since the last call, in order.
    func take(on socket: Int? = nil) -> [Datagram] {
        let taken = sent.filter { socket == nil || $0.socket == socket }
        sent.removeAll { socket == nil || $0.socket == socket }
        return taken
    }
}
