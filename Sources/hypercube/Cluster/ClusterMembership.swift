import Foundation
import HyperCluster
import HyperControl
import HyperMedia
import HyperSFU
import Logging
import ServiceLifecycle
import Synchronization

/// This node's part in a cluster (`serve --cluster`): it joins (migrating the schema, registering itself, placing the
/// default session if the cluster has none), then reconciles about every `interval` and whenever another node
/// announces a change: it renews its leases and heartbeat, renders exactly the sessions it owns (starting those
/// placed on it or adopted from a dead node, stopping those it lost), points its relays at their sessions' current
/// owners, reports their viewers, and drops relays nobody watched for `relayIdleLimit`. While the database is
/// unreachable it keeps serving what it has and tries again; when it stops, it leaves, so its sessions move at once.
final class ClusterMembership: Service {
    let store: ClusterStore
    let directory: ClusterDirectory
    let node: ClusterNode
    let media: MediaServer
    let flags: FlagStore
    /// The default session's settings, placed on the cluster when it has none by that id.
    let defaultSession: SessionDocument
    let logger: Logger
    let interval: Duration = .seconds(1)
    let relayIdleLimit: TimeInterval = 20
    /// The most orphans one reconcile adopts, so a dead node's sessions spread over the survivors.
    let adoptionsPerRound = 2
    /// A crashed node's row is forgotten this long after it expired (once it owns nothing); checked once a minute.
    let expiredNodeRetention: Duration = .seconds(3600)

    private struct State {
        var joined = false
        var relayIdleSince: [String: Date] = [:]
        var lastFailure: String?
        /// Another node announced a change: reconcile now.
        var woken = false
        /// A flag changed somewhere, or this node may have missed it: read the cluster's flags.
        var flagsChanged = true
        /// No orphans are adopted before this: after the database was unreachable every lease looks expired, and
        /// their owners get one lease time after this node's last failed round to renew them first.
        var adoptionAllowedAfter = Date.distantPast
        /// When expired nodes were last pruned.
        var prunedAt = Date.distantPast
    }

    private let state = Mutex(State())
    private let flagReplication: ClusterFlagReplication

    init(
        store: ClusterStore, directory: ClusterDirectory, node: ClusterNode, media: MediaServer, flags: FlagStore,
        defaultSession: SessionDocument, logger: Logger
    ) {
        self.store = store
        self.directory = directory
        self.node = node
        self.media = media
        self.flags = flags
        self.defaultSession = defaultSession
        var logger = logger
        logger[metadataKey: "node"] = "\(node.id)"
        self.logger = logger
        flagReplication = ClusterFlagReplication(store: store, flags: flags, nodeID: node.id, logger: logger)
    }

    func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.store.run() }
            group.addTask {
                for await _ in self.store.listen(.sessions) { self.state.withLock { $0.woken = true } }
            }
            group.addTask {
                for await _ in self.store.listen(.flags) {
                    self.state.withLock {
                        $0.flagsChanged = true
                        $0.woken = true
                    }
                }
            }
            flagReplication.follow()
            await cancelWhenGracefulShutdown { await self.reconcileUntilCancelled() }
            await leave()
            group.cancelAll()
        }
    }

    private func reconcileUntilCancelled() async {
        while !Task.isCancelled {
            do {
                if !state.withLock({ $0.joined }) { try await join() }
                try await reconcile()
                try await flagReplication.publishPending()
                if state.withLock({ $0.flagsChanged }) {
                    state.withLock { $0.flagsChanged = false }
                    try await flagReplication.pull()
                }
                if let failure = state.withLock({ state -> String? in
                    defer { state.lastFailure = nil }
                    return state.lastFailure
                }) {
                    logger.notice("cluster state reachable again (was: \(failure))")
                }
            } catch {
                let message = "\(error)"
                let grace = Date().addingTimeInterval(directory.leaseTTL.inSeconds)
                let first = state.withLock { state -> Bool in
                    defer {
                        state.lastFailure = message
                        state.adoptionAllowedAfter = grace
                        state.flagsChanged = true
                    }
                    return state.lastFailure == nil
                }
                if first { logger.warning("cluster state unreachable, serving what this node has: \(message)") }
            }
            // Until the next round is due, or another node announced a change.
            let due = ContinuousClock.now + interval
            while ContinuousClock.now < due, !Task.isCancelled, !state.withLock({ $0.woken }) {
                try? await Task.sleep(for: .milliseconds(50))
            }
            state.withLock { $0.woken = false }
        }
    }

    private func join() async throws {
        let applied = try await store.migrate()
        if !applied.isEmpty { logger.info("cluster schema migrated: versions \(applied)") }
        try await store.register(node: node, ttl: directory.leaseTTL)
        if try await directory.locate(SessionRoutesDefaults.defaultSessionID) == nil {
            let outcome = await Self.placeDefault(directory: directory, document: defaultSession)
            logger.info("default session: \(outcome)")
        }
        state.withLock { $0.joined = true }
        logger.info("joined the cluster as \(node.id) (\(node.whepBaseURL))")
    }

    /// Places the default session; another node may have placed it first, which is as good.
    private static func placeDefault(directory: ClusterDirectory, document: SessionDocument) async -> String {
        do {
            let placed = try await directory.place(
                id: SessionRoutesDefaults.defaultSessionID, document: document, pixelRate: document.pixelRate)
            return "placed on node \(placed.ownerNodeID)"
        } catch {
            return "not placed by this node: \(error.message)"
        }
    }

    private func reconcile() async throws {
        let ttl = directory.leaseTTL
        let leases = try await store.renewLeases(nodeID: node.id, ttl: ttl)
        var viewers = 0
        for id in media.sessionIDs + media.relayIDs { viewers += await media.viewerCount(sessionID: id) }
        try await store.heartbeat(
            nodeID: node.id,
            load: NodeLoad(
                sessions: media.sessionIDs.count, pixelRate: Int64(media.renderedPixelRate), viewers: viewers,
                egressBitsPerSecond: Int64(media.egressBitsPerSecond.rounded())),
            ttl: ttl)
        let owned = Set(leases.map(\.sessionID))
        for id in media.sessionIDs where !owned.contains(id) {
            logger.warning("lost session \(id) to another node: stopping its render here")
            await media.removeSession(id: id)
        }
        var sessions = try await store.sessions()
        let adopting = state.withLock { $0.adoptionAllowedAfter } < Date()
        let adopted =
            adopting ? try await store.adoptOrphans(nodeID: node.id, capacity: adoptionsPerRound, ttl: ttl) : []
        if !adopted.isEmpty {
            logger.notice("adopted sessions of a node that stopped renewing them: \(adopted.map(\.id))")
            try? await store.notify(.sessions, payload: "adopted \(node.id)")
            sessions = try await store.sessions()
        }
        let mine = Set(owned).union(adopted.map(\.id))
        for session in sessions where mine.contains(session.id) && media.session(session.id) == nil {
            await startRender(session)
        }
        try await reconcileRelays(sessions)
        let pruning = state.withLock { state -> Bool in
            guard Date().timeIntervalSince(state.prunedAt) >= 60 else { return false }
            state.prunedAt = Date()
            return true
        }
        if pruning {
            let pruned = try await store.pruneNodes(expiredFor: expiredNodeRetention)
            if !pruned.isEmpty { logger.info("forgot nodes expired over an hour ago: \(pruned)") }
        }
    }

    private func startRender(_ session: ClusterSession) async {
        do {
            let document = try SessionDocument(json: session.settings)
            let settings = try ClusterDirectory.settings(of: document, loadScene: directory.loadScene)
            let render = await media.addSession(id: session.id, settings: settings)
            FlagSessionBinding(flags: flags, media: media).adopt(render)
            logger.info("rendering session \(session.id) (generation \(session.generation))")
        } catch {
            logger.error("cannot render session \(session.id) placed on this node: \(error)")
        }
    }

    private func reconcileRelays(_ sessions: [ClusterSession]) async throws {
        let byID = Dictionary(sessions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let now = Date()
        for id in media.relayIDs {
            guard let session = byID[id], session.ownerNodeID != node.id else {
                // Ended cluster-wide, or rendered here now.
                await media.removeRelay(id: id)
                try? await store.removeRelay(sessionID: id, nodeID: node.id)
                continue
            }
            if session.leaseIsLive, let base = session.ownerWHEPBaseURL,
                let upstream = try? RelayUpstream(baseURL: base, sessionID: id, bearerToken: directory.relayToken)
            {
                media.relay(id)?.retarget(upstream)
            }
            let count = await media.viewerCount(sessionID: id)
            let idle = state.withLock { state -> Bool in
                if count > 0 {
                    state.relayIdleSince[id] = nil
                    return false
                }
                let since = state.relayIdleSince[id] ?? now
                state.relayIdleSince[id] = since
                return now.timeIntervalSince(since) > relayIdleLimit
            }
            if idle {
                logger.info("nobody watches relayed session \(id) here: ending the relay")
                state.withLock { _ = $0.relayIdleSince.removeValue(forKey: id) }
                await media.removeRelay(id: id)
                try? await store.removeRelay(sessionID: id, nodeID: node.id)
            } else {
                try await store.recordRelay(sessionID: id, nodeID: node.id, viewers: count)
            }
        }
    }

    /// Leaves the cluster: its sessions are released for the other nodes to adopt at once.
    private func leave() async {
        do {
            let released = try await store.removeNode(id: node.id)
            try? await store.notify(.sessions, payload: "left \(node.id)")
            logger.info("left the cluster; released \(released)")
        } catch {
            logger.warning("could not leave the cluster cleanly (its sessions move when their leases expire): \(error)")
        }
    }
}

/// Names the control plane's session routes use that the cluster shares.
enum SessionRoutesDefaults {
    static let defaultSessionID = "default"
}
