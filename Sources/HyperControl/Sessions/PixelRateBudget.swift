/// How much rendering the GPU is trusted with: the sum over sessions of width × height × fps may not exceed
/// `limit` pixels a second (default four 1080p streams at 90 fps). Creations in flight hold a reservation so two
/// concurrent requests cannot both squeeze under the limit.
struct PixelRateBudget: Sendable, Equatable {
    static let defaultLimit = 1920 * 1080 * 90 * 4

    let limit: Int
    private(set) var reserved: [String: Int] = [:]

    init(limit: Int = PixelRateBudget.defaultLimit) {
        self.limit = limit
    }

    /// Reserves `rate` for `id` on top of the running sessions' `inUse`; nil when it fits, else why not.
    mutating func reserve(_ rate: Int, for id: String, inUse: Int, what: String = "session") -> String? {
        let committed = inUse + reserved.values.reduce(0, +)
        guard committed + rate <= limit else {
            return "the GPU budget is \(limit) pixels/s and \(committed) are in use; this \(what) needs \(rate) more "
                + "(width × height × fps). Delete a session or ask for a smaller one."
        }
        reserved[id] = rate
        return nil
    }

    mutating func release(_ id: String) {
        reserved[id] = nil
    }
}
