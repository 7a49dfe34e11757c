/// Why `hypercube bench fanout` could not measure.
struct FanoutBenchError: Error, CustomStringConvertible {
    enum Code {
        /// The `hypercube serve` child did not start, did not become ready, or died.
        case server
        /// /proc could not be read (the benchmark needs Linux).
        case procfs
        /// The control plane's metrics lacked a counter the benchmark reads.
        case metrics
    }

    let code: Code
    let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    var description: String { message }
}
