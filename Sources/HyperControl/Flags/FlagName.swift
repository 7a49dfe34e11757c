/// The feature flags an operator can read and change at run time.
public enum FlagName: String, Sendable, CaseIterable, Hashable {
    case experimentalFeatures = "experimental_features"
    case advancedRendering = "advanced_rendering"
    case projection
    case stereo
    case resolutionCap = "resolution_cap"
    case fpsCap = "fps_cap"
    case codec
    case bitrate
}
