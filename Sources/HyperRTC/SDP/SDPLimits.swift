/// How large an SDP offer may be before it is refused, checked while it is read so that an oversized one costs
/// little. Real offers sit far below: Chrome's audio + video + data offer has 3 m-sections, 115 lines and 71
/// attributes in its largest section; the caps leave room for many more codecs, simulcast and candidates.
public struct SDPLimits: Sendable, Equatable {
    /// Lines in the whole description.
    public var maximumLines: Int
    /// m= sections.
    public var maximumMediaSections: Int
    /// a= lines at session level, and in any one m= section.
    public var maximumAttributesPerSection: Int
    /// Identification tags in one `a=group:BUNDLE` line, and such lines in the description.
    public var maximumBundleGroupSize: Int

    public init(
        maximumLines: Int = 2_048,
        maximumMediaSections: Int = 16,
        maximumAttributesPerSection: Int = 256,
        maximumBundleGroupSize: Int = 16
    ) {
        self.maximumLines = maximumLines
        self.maximumMediaSections = maximumMediaSections
        self.maximumAttributesPerSection = maximumAttributesPerSection
        self.maximumBundleGroupSize = maximumBundleGroupSize
    }

    public static let offers = SDPLimits()
}
