/// A picture size written `WxH`: both dimensions even (I420 chroma) and at least 16.
public struct PictureSize: Sendable, Hashable, CustomStringConvertible {
    /// Why a size string was refused.
    public struct ParseError: Error, Sendable {
        public var reason: String
    }

    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public init(parsing text: String) throws(ParseError) {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]) else {
            throw ParseError(reason: "'\(text)' is not a size WIDTHxHEIGHT such as 1280x720")
        }
        guard width >= 16, height >= 16 else { throw ParseError(reason: "\(text) is smaller than 16x16") }
        guard width % 2 == 0, height % 2 == 0 else {
            throw ParseError(reason: "\(text) has an odd dimension; both must be even")
        }
        self.init(width: width, height: height)
    }

    public func fits(within other: PictureSize) -> Bool {
        width <= other.width && height <= other.height
    }

    public var description: String { "\(width)x\(height)" }
}
