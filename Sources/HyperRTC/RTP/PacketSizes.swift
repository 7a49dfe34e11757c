/// How a frame's bytes split into RTP payloads: as few packets as fit `capacity`, every one but the last carrying
/// ⌈total / packets⌉ bytes and the last the rest, smaller by less than the packet count. Near-equal packets spread
/// loss evenly; equal ones let the sender hand a frame to the kernel as one segmented (UDP GSO) datagram. When there
/// are more packets than bytes per packet, equal shares could leave nothing for the last, so every packet but the
/// last is filled instead.
struct PacketSizes {
    let count: Int
    let fullSize: Int
    let total: Int

    init(total: Int, capacity: Int) {
        precondition(total > 0 && capacity > 0, "a frame of \(total) bytes into payloads of \(capacity)")
        self.total = total
        count = (total + capacity - 1) / capacity
        let even = (total + count - 1) / count
        fullSize = even * (count - 1) < total ? even : capacity
    }

    func size(of index: Int) -> Int {
        index == count - 1 ? total - fullSize * (count - 1) : fullSize
    }
}
