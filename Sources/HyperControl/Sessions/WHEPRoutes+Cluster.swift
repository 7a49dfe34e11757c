import Foundation
import HTTPTypes
import Hummingbird
import HyperMedia
import HyperSFU
import Logging

/// A WHEP offer for a session this node does not render, in a cluster (issue #15): the session is relayed from its
/// owner (one upstream viewer per session on this node, and the offer is then answered here), or, when this node does
/// not relay, cannot relay the codec, or sends more than its egress budget, the offer is redirected to the owner with
/// 307 (draft-ietf-wish-whep §4.4 lets a client follow it with the same offer).
extension WHEPRoutes {
    /// A 307 to the session's owner, or nil once the session is here (relayed, or unknown to the cluster too: the
    /// offer then gets the usual 404).
    func reachElsewhere(sessionID: String, request: Request) async throws -> Response? {
        guard let directory, media.renderedSession(sessionID) == nil else { return nil }
        let overBudget = directory.egressBudgetBitsPerSecond.map { media.egressBitsPerSecond >= $0 } ?? false
        let relayedHere = media.relayedSession(sessionID) != nil
        if relayedHere, !overBudget { return nil }
        let location: SessionLocation?
        do {
            location = try await directory.locate(sessionID)
        } catch {
            // Relayed here already: serve it even while the cluster's state is out of reach.
            if relayedHere { return nil }
            throw ProblemDetails(
                .serviceUnavailable, "cannot reach the cluster's state to find session '\(sessionID)': \(error)",
                headers: [.retryAfter: "2"])
        }
        guard let location else { return nil }
        guard location.ownerNodeID != directory.nodeID else {
            throw ProblemDetails(
                .serviceUnavailable, "session '\(sessionID)' is starting on this node", headers: [.retryAfter: "1"])
        }
        guard location.leaseIsLive, let base = location.ownerBaseURL else {
            throw ProblemDetails(
                .serviceUnavailable,
                "session '\(sessionID)' is moving: its node \(location.ownerNodeID) stopped renewing it",
                headers: [.retryAfter: "2"])
        }
        // A relay reassembles VP8 only; other codecs are redirected.
        if directory.relaysViewers, !overBudget, location.document.codec == VideoCodec.vp8.rawValue {
            do {
                let settings = try directory.settings(for: location)
                let upstream = try RelayUpstream(
                    baseURL: base, sessionID: sessionID, bearerToken: directory.relayToken)
                if upstream.scheme == "https", !(await upstream.trusted()) {
                    throw SFUError(
                        .badUpstream,
                        "\(base) does not answer over TLS with a certificate this node trusts "
                            + "(system roots, or HYPERCUBE_RELAY_CA_FILE)")
                }
                await media.startRelay(id: sessionID, settings: settings, upstream: upstream)
                logger.info(
                    "relaying session from its owner",
                    metadata: ["session": "\(sessionID)", "owner": "\(location.ownerNodeID)"])
                return nil
            } catch {
                logger.warning(
                    "cannot relay session, redirecting: \(error)", metadata: ["session": "\(sessionID)"])
            }
        }
        if overBudget, let budget = directory.egressBudgetBitsPerSecond {
            logger.info(
                "over the egress budget: redirecting a viewer to the session's owner",
                metadata: [
                    "session": "\(sessionID)", "owner": "\(location.ownerNodeID)",
                    "egress": "\(Int(media.egressBitsPerSecond))", "budget": "\(Int(budget))",
                ])
        }
        var target = base.hasSuffix("/") ? String(base.dropLast()) : base
        target += "/whep/" + (sessionID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? sessionID)
        if let query = request.uri.query, !query.isEmpty { target += "?" + query }
        return Response(
            status: .temporaryRedirect,
            headers: [.location: target, .cacheControl: "no-store"])
    }
}
