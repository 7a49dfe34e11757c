/// One frame of an IVF file: its presentation time in the file's timebase and its compressed bytes.
public struct IVFFrame: Sendable, Equatable {
    public var pts: Int64
    public var data: [UInt8]

    public init(pts: Int64, data: [UInt8]) {
        self.pts = pts
        self.data = data
    }
}
