import Foundation
import HyperRTC

/// Where a viewer's new identities come from: local ICE credentials and the WHEP resource's ETag. Random in the
/// server; tests inject fixed ones, so that the router makes no randomness of its own.
struct ViewerIdentities {
    var iceCredentials: () -> ICECredentials
    /// A quoted entity tag (RFC 9110 §8.8.3).
    var etag: () -> String

    static var random: ViewerIdentities {
        ViewerIdentities(
            iceCredentials: ICECredentials.random,
            etag: { "\"\(UUID().uuidString.prefix(8).lowercased())\"" })
    }
}
