import HyperJSON

extension ColorMap {
    /// Reads a preset name such as `"plasma"`, or an array of 2...8 colours spaced evenly from 0 to 1.
    init(json node: JSONNode) throws(SceneError) {
        switch node.value {
        case .string(let name):
            guard let map = ColorMap.named(name) else {
                throw node.error(.invalidValue, Spelling.unknown("colour map", name, expected: ColorMap.names))
            }
            self = map
        case .array:
            let elements = try node.array()
            guard Self.stopCountRange.contains(elements.count) else {
                throw node.error(
                    .invalidValue,
                    "a colour map needs \(Self.stopCountRange.lowerBound)...\(Self.stopCountRange.upperBound) "
                        + "colours, got \(elements.count)"
                )
            }
            var stops: [RGB] = []
            for element in elements {
                stops.append(try RGB(json: element))
            }
            self.init(stops: stops)
        default:
            throw node.typeMismatch(expected: "a colour map name or an array of colours")
        }
    }
}
