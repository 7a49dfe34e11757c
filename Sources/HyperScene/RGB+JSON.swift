import HyperJSON

extension RGB {
    /// Reads `"#rrggbb"` (sRGB) or `[r, g, b]` (linear, each 0...1).
    init(json node: JSONNode) throws(SceneError) {
        switch node.value {
        case .string(let text):
            guard let color = RGB(hex: text) else {
                throw node.error(.invalidValue, "malformed colour '\(text)' (expected \"#rrggbb\" with 6 hex digits)")
            }
            self = color
        case .array:
            let components = try node.array()
            guard components.count == 3 else {
                throw node.typeMismatch(expected: "a colour: \"#rrggbb\" or [r, g, b] with components in 0...1")
            }
            var values: [Double] = []
            for component in components {
                values.append(try component.number(in: 0...1))
            }
            self.init(values[0], values[1], values[2])
        default:
            throw node.typeMismatch(expected: "a colour: \"#rrggbb\" or [r, g, b] with components in 0...1")
        }
    }
}
