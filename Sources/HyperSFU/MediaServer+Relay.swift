import HyperMedia
import Synchronization
import HyperRTC
import NIOCore

/// Sessions rendered on another node and relayed through this one: one upstream viewer per session, fanned out here.
extension MediaServer {
    /// Starts relaying `id` from `upstream`; its viewers join here as for a session rendered here. Replaces nothing:
    /// returns the running relay when there is one (pointed at `upstream`).
    @discardableResult
    public func addRelay(id: String, settings: SessionSettings, upstream: RelayUpstream) async -> RelaySession {
        if let running = relays.withLock({ $0[id] }) {
            running.retarget(upstream)
            return running
        }
        let relay = RelaySession(id: id, settings: settings, upstream: upstream, logger: logger)
        let ssrc = UInt32.random(in: 1...UInt32.max)
        let router = self.router
        let framesPerSecond = settings.framesPerSecond
        try? await loop.submit {
            router.value.addTrack(sessionID: id, ssrc: ssrc, codec: .vp8, relayed: framesPerSecond)
        }.get()
        relays.withLock { $0[id] = relay }
        let loop = self.loop
        relay.start(group: group, certificate: certificate) { frame, timing in
            guard self.loopOpen.withLock({ $0 }) else { return }
            loop.execute { router.value.deliver(frame, timing: timing, trackKey: id, now: MediaRouter.now()) }
        } deliverAudio: { packet in
            guard self.loopOpen.withLock({ $0 }) else { return }
            loop.execute { router.value.deliverAudio(packet, sessionID: id, now: MediaRouter.now()) }
        }
        return relay
    }

    /// Stops relaying `id` and ends its viewers here.
    public func removeRelay(id: String) async {
        guard let relay = relays.withLock({ $0.removeValue(forKey: id) }) else { return }
        relay.stop()
        let router = self.router
        try? await loop.submit { router.value.removeSession(id) }.get()
    }

    public func relay(_ id: String) -> RelaySession? {
        relays.withLock { $0[id] }
    }

    public var relayIDs: [String] {
        relays.withLock { Array($0.keys).sorted() }
    }

    /// The settings of a session rendered or relayed here; nil when it is neither.
    public func streamSettings(_ id: String) -> SessionSettings? {
        session(id)?.settings ?? relay(id)?.settings
    }
}
