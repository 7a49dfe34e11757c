/// A gradient of 2...8 evenly spaced colour stops, used to colour vertices by their w coordinate.
/// Interpolation is piecewise linear in linear-light RGB.
public struct ColorMap: Hashable, Sendable {
    /// The smallest and largest number of stops a map may have.
    public static let stopCountRange = 2...8

    public var stops: [RGB]

    /// Creates a map from 2...8 stops; the first is shown at 0, the last at 1.
    public init(stops: [RGB]) {
        precondition(Self.stopCountRange.contains(stops.count), "a colour map needs 2...8 stops, got \(stops.count)")
        self.stops = stops
    }

    /// The colour at `t`, clamped to 0...1 (NaN reads as 0).
    public func color(at t: Double) -> RGB {
        let clamped = t.isNaN ? 0 : min(max(t, 0), 1)
        let position = clamped * Double(stops.count - 1)
        let index = min(Int(position), stops.count - 2)
        return stops[index].mixed(with: stops[index + 1], by: position - Double(index))
    }
}
