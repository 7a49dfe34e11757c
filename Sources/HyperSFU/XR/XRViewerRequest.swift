/// What an XR viewer asks for when it joins (`POST /whep/{session}?mode=xr&eye=WxH&fov=F`, docs/xr.md): each eye's
/// picture size and vertical field of view.
public struct XRViewerRequest: Sendable, Equatable {
    public static let eyeSizes = 64...2048
    public static let fieldsOfView = 30.0...150.0
    public static let defaultFieldOfView = 100.0

    public var eyeWidth: Int
    public var eyeHeight: Int
    public var fovDegrees: Double

    public init(eyeWidth: Int, eyeHeight: Int, fovDegrees: Double = XRViewerRequest.defaultFieldOfView) {
        self.eyeWidth = eyeWidth
        self.eyeHeight = eyeHeight
        self.fovDegrees = fovDegrees
    }

    /// What the viewer's render costs of the GPU budget: its stereo pair's width × height × fps.
    public func pixelRate(framesPerSecond: Double) -> Int {
        Int((Double(2 * eyeWidth * eyeHeight) * framesPerSecond).rounded(.up))
    }

    /// Reads the query's `eye` and `fov`, defaulting to the session's picture size and 100°; a value out of range
    /// or unreadable is a `.badOffer` naming it.
    public init(eye: String?, fov: String?, sessionWidth: Int, sessionHeight: Int) throws(SFUError) {
        var width = sessionWidth
        var height = sessionHeight
        if let eye {
            let parts = eye.lowercased().split(separator: "x", omittingEmptySubsequences: false)
            guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]) else {
                throw SFUError(.badOffer, "eye=\(eye) is not WIDTHxHEIGHT")
            }
            (width, height) = (w, h)
        }
        guard Self.eyeSizes.contains(width), Self.eyeSizes.contains(height), width % 2 == 0, height % 2 == 0 else {
            throw SFUError(
                .badOffer,
                "eye size \(width)x\(height) must be even, \(Self.eyeSizes.lowerBound)…\(Self.eyeSizes.upperBound) each"
            )
        }
        var degrees = Self.defaultFieldOfView
        if let fov {
            guard let value = Double(fov), Self.fieldsOfView.contains(value) else {
                throw SFUError(
                    .badOffer,
                    "fov=\(fov) must be degrees in \(Self.fieldsOfView.lowerBound)…\(Self.fieldsOfView.upperBound)")
            }
            degrees = value
        }
        self.init(eyeWidth: width, eyeHeight: height, fovDegrees: degrees)
    }
}
