/// `Duration` as floating-point seconds or milliseconds, for pacing, media timestamps and printed figures.
extension Duration {
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    public var inMilliseconds: Double {
        inSeconds * 1000
    }
}
