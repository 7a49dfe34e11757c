import HTTPTypes

/// Who may change or end a WHEP viewer resource: the principal that created it (the same subject); operators may
/// also end it. A resource created while viewing was open has no owner, and its URL is the only credential.
enum ResourceOwnership {
    enum Action: String {
        case change
        case end
    }

    static func check(owner: String?, caller: Principal?, action: Action) throws(ProblemDetails) {
        guard let owner else { return }
        guard let caller else {
            throw AuthFailure(.missingCredentials, "this viewer resource belongs to a principal; send its token")
                .problem
        }
        if caller.subject == owner || (action == .end && caller.role == .operator) { return }
        throw ProblemDetails(
            .forbidden,
            "this viewer resource was created by another principal; only it may \(action.rawValue) it"
                + (action == .end ? " (or an operator)" : "")
        )
    }
}
