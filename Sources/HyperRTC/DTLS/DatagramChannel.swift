internal import COpenSSL

/// The datagram boundary between OpenSSL and the transport: a custom BIO whose reads return exactly one received
/// datagram and whose writes are packed into outgoing datagrams of at most `mtu` bytes.
///
/// OpenSSL sizes its records against BIO_CTRL_WPENDING and flushes between flights and whenever a datagram is
/// full, so each flush closes a datagram and a record that would overflow one starts the next.
final class DatagramChannel {
    let mtu: Int
    /// The datagram OpenSSL may read next; consumed by the first read.
    var inbound: [UInt8]?
    private var completed: [[UInt8]] = []
    private var current: [UInt8] = []

    init(mtu: Int) {
        self.mtu = mtu
    }

    /// The outgoing datagrams written since the last call, the partly filled one included.
    func takeDatagrams() -> [[UInt8]] {
        finishDatagram()
        defer { completed.removeAll() }
        return completed
    }

    /// A new BIO reading and writing through this channel; the channel must outlive it.
    func makeBIO() throws(RTCError) -> OpaquePointer {
        guard let method = Self.method, let bio = BIO_new(method) else {
            throw RTCError.openSSL(.dtlsFailure, "cannot create the datagram BIO")
        }
        BIO_set_data(bio, Unmanaged.passUnretained(self).toOpaque())
        BIO_set_init(bio, 1)
        return bio
    }

    private func write(_ bytes: UnsafeRawBufferPointer) {
        if !current.isEmpty && current.count + bytes.count > mtu {
            finishDatagram()
        }
        current.append(contentsOf: bytes)
    }

    private func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        guard let datagram = inbound else { return nil }
        inbound = nil
        let count = min(datagram.count, buffer.count)
        datagram.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        return count
    }

    private func finishDatagram() {
        guard !current.isEmpty else { return }
        completed.append(current)
        current.removeAll(keepingCapacity: true)
    }

    private static func channel(of bio: OpaquePointer?) -> DatagramChannel? {
        guard let bio, let data = BIO_get_data(bio) else { return nil }
        return Unmanaged<DatagramChannel>.fromOpaque(data).takeUnretainedValue()
    }

    nonisolated(unsafe) private static let method: OpaquePointer? = {
        guard let method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "hypercube DTLS datagrams")
        else { return nil }
        BIO_meth_set_write(method) { bio, data, length in
            guard let channel = DatagramChannel.channel(of: bio), let data, length >= 0 else { return -1 }
            channel.write(UnsafeRawBufferPointer(start: data, count: Int(length)))
            return length
        }
        BIO_meth_set_read(method) { bio, data, length in
            guard let bio else { return -1 }
            hc_bio_clear_retry_flags(bio)
            guard let channel = DatagramChannel.channel(of: bio), let data, length >= 0 else { return -1 }
            guard let count = channel.read(into: UnsafeMutableRawBufferPointer(start: data, count: Int(length)))
            else {
                hc_bio_set_retry_read(bio)
                return -1
            }
            return Int32(count)
        }
        BIO_meth_set_ctrl(method) { bio, command, _, _ in
            guard let channel = DatagramChannel.channel(of: bio) else { return 0 }
            switch command {
            case BIO_CTRL_FLUSH:
                channel.finishDatagram()
                return 1
            case BIO_CTRL_WPENDING:
                return channel.current.count
            case BIO_CTRL_PENDING:
                return channel.inbound?.count ?? 0
            default:
                return 0
            }
        }
        return method
    }()
}
