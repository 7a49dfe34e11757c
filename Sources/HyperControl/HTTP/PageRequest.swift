import HTTPTypes
import HyperJSON

/// `limit` and `offset` of a paged listing, read from the query string: limit 1…500 (default 50), offset ≥ 0.
struct PageRequest: Sendable, Equatable {
    static let maximumLimit = 500
    static let defaultLimit = 50

    var limit: Int
    var offset: Int

    init(limit: Int = PageRequest.defaultLimit, offset: Int = 0) {
        self.limit = limit
        self.offset = offset
    }

    /// Reads the two parameters; a non-integer or out-of-range value is a 400 that names it.
    init(limit: String?, offset: String?) throws(ProblemDetails) {
        self.init()
        if let limit {
            guard let value = Int(limit), (1...Self.maximumLimit).contains(value) else {
                throw ProblemDetails(
                    .badRequest, "limit must be an integer in 1...\(Self.maximumLimit), got '\(limit)'")
            }
            self.limit = value
        }
        if let offset {
            guard let value = Int(offset), value >= 0 else {
                throw ProblemDetails(.badRequest, "offset must be an integer ≥ 0, got '\(offset)'")
            }
            self.offset = value
        }
    }

    /// The slice of `items` (already newest first) this page covers.
    func slice<Element>(_ items: [Element]) -> ArraySlice<Element> {
        guard offset < items.count else { return [] }
        return items[offset..<min(items.count, offset + limit)]
    }

    /// The listing envelope fields: total, limit and offset.
    func envelope(total: Int) -> JSONObject {
        ["total": .integer(total), "limit": .integer(limit), "offset": .integer(offset)]
    }
}
