/// Copying a packet into caller-owned storage with room after it, transforming it there and trimming the storage
/// to the result: how SRTP protects and unprotects into a reused array without allocating.
enum InPlacePacket {
    /// `body` gets the storage and the packet's length and returns the transformed length; on failure `output` is
    /// left empty.
    static func transform(
        _ packet: UnsafeRawBufferPointer,
        into output: inout [UInt8],
        padding: Int,
        _ body: (UnsafeMutableRawBufferPointer, Int) throws(RTCError) -> Int
    ) throws(RTCError) {
        output.removeAll(keepingCapacity: true)
        output.append(contentsOf: packet)
        output.append(contentsOf: repeatElement(0, count: padding))
        let result = output.withUnsafeMutableBytes { bytes in
            Result { () throws(RTCError) in try body(bytes, packet.count) }
        }
        do {
            let length = try result.get()
            output.removeLast(output.count - length)
        } catch {
            output.removeAll(keepingCapacity: true)
            throw error
        }
    }
}
