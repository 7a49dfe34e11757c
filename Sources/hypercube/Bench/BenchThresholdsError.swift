/// A thresholds file that cannot be used.
struct BenchThresholdsError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
