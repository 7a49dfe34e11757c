import Foundation

/// `If-Match` evaluation (RFC 9110 §13.1.1): `*` matches any current resource, otherwise one of the listed entity
/// tags must equal the current one by strong comparison (weak tags never match).
public enum EntityTagCondition {
    public static func matches(_ ifMatch: String, etag: String) -> Bool {
        let trimmed = ifMatch.trimmingCharacters(in: .whitespaces)
        if trimmed == "*" { return true }
        return trimmed.split(separator: ",").contains { candidate in
            let tag = candidate.trimmingCharacters(in: .whitespaces)
            return !tag.hasPrefix("W/") && tag == etag
        }
    }
}
