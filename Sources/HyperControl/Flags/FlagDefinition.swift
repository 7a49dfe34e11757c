/// One feature flag: what it does, the values it takes and its default.
public struct FlagDefinition: Sendable, Hashable {
    public var name: FlagName
    public var description: String
    public var type: FlagType
    public var defaultValue: FlagValue

    public init(name: FlagName, description: String, type: FlagType, defaultValue: FlagValue) {
        self.name = name
        self.description = description
        self.type = type
        self.defaultValue = defaultValue
    }
}

extension FlagDefinition {
    /// The largest picture the resolution cap may allow: 8K UHD.
    public static let largestPicture = PictureSize(width: 7680, height: 4320)
    /// Values of the `projection` flag; `scene` keeps each scene's own projection.
    public static let projectionChoices = ["scene", "perspective", "stereographic", "orthographic", "slice"]

    /// Every flag Hypercube has, in the order the API lists them.
    public static let all: [FlagDefinition] = [
        FlagDefinition(
            name: .experimentalFeatures,
            description: "Experimental render modes: while on, the stereo flag decides side-by-side stereo for every "
                + "session; while off, scenes render as authored.",
            type: .boolean,
            defaultValue: .bool(false)
        ),
        FlagDefinition(
            name: .advancedRendering,
            description: "Translucent faces and anti-aliased edges as each scene authors them; off draws plain "
                + "aliased wireframes, the cheapest picture.",
            type: .boolean,
            defaultValue: .bool(true)
        ),
        FlagDefinition(
            name: .projection,
            description: "How 4D maps to 3D on every live session: scene (each scene's own), perspective, "
                + "stereographic, orthographic or slice (the w=0 cross-section).",
            type: .choice(projectionChoices),
            defaultValue: .string("scene")
        ),
        FlagDefinition(
            name: .stereo,
            description: "Side-by-side stereo pair for XR headsets; takes effect while experimental_features is on.",
            type: .boolean,
            defaultValue: .bool(false)
        ),
        FlagDefinition(
            name: .resolutionCap,
            description: "Largest picture size a new session may ask for, WIDTHxHEIGHT (even, at most 7680x4320).",
            type: .size(maximum: largestPicture),
            defaultValue: .string("3840x2160")
        ),
        FlagDefinition(
            name: .fpsCap,
            description: "Highest frame rate a new session may ask for.",
            type: .integer(1...240),
            defaultValue: .integer(120)
        ),
        FlagDefinition(
            name: .codec,
            description:
                "Video codec of sessions created without one: vp8 (every WebRTC client) or vp9 (smaller; browsers, not aiortc).",
            type: .choice(["vp8", "vp9"]),
            defaultValue: .string("vp8")
        ),
        FlagDefinition(
            name: .bitrate,
            description: "Target video bitrate in bits/s, applied to every live session and to new sessions created "
                + "without one.",
            type: .integer(100_000...50_000_000),
            defaultValue: .integer(2_000_000)
        ),
    ]

    public static func named(_ name: FlagName) -> FlagDefinition {
        all.first { $0.name == name }!
    }
}
