/// The six convex regular 4-polytopes (polychora), each generated from its classical definition and scaled onto
/// the unit 3-sphere.
public enum RegularPolytope: String, CaseIterable, Sendable, Codable {
    case pentachoron = "5-cell"
    case tesseract = "tesseract"
    case hexadecachoron = "16-cell"
    case icositetrachoron = "24-cell"
    case hecatonicosachoron = "120-cell"
    case hexacosichoron = "600-cell"

    /// The Schläfli symbol {p, q, r}: faces are p-gons, q of them meet around each vertex of a cell, and r cells
    /// meet around each edge.
    public var schlafliSymbol: [Int] {
        switch self {
        case .pentachoron: [3, 3, 3]
        case .tesseract: [4, 3, 3]
        case .hexadecachoron: [3, 3, 4]
        case .icositetrachoron: [3, 4, 3]
        case .hecatonicosachoron: [5, 3, 3]
        case .hexacosichoron: [3, 3, 5]
        }
    }

    /// The polytope, centred at the origin with every vertex on the unit 3-sphere. Each one is generated once and
    /// cached, so repeated calls are cheap.
    public func make() -> Polytope {
        switch self {
        case .pentachoron: Self.pentachoronModel
        case .tesseract: Self.tesseractModel
        case .hexadecachoron: Self.hexadecachoronModel
        case .icositetrachoron: Self.icositetrachoronModel
        case .hecatonicosachoron: Self.hecatonicosachoronModel
        case .hexacosichoron: Self.hexacosichoronModel
        }
    }

    private static let pentachoronModel = pentachoron.construct()
    private static let tesseractModel = tesseract.construct()
    private static let hexadecachoronModel = hexadecachoron.construct()
    private static let icositetrachoronModel = icositetrachoron.construct()
    private static let hecatonicosachoronModel = hecatonicosachoron.construct()
    private static let hexacosichoronModel = hexacosichoron.construct()
}
