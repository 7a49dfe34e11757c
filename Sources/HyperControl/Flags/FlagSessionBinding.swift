public import HyperSFU
public import ServiceLifecycle

/// Keeps every live session in step with the flags while it runs (a service of the application, ended by graceful
/// shutdown): render flags reach a session through `updateRenderOptions` (applied from its next frame) and the
/// bitrate flag through `setBitrate`, on the thread that made the change, before the change's response is sent.
public struct FlagSessionBinding: Service {
    let flags: FlagStore
    let media: any MediaService

    public init(flags: FlagStore, media: any MediaService) {
        self.flags = flags
        self.media = media
    }

    static let renderFlags: Set<FlagName> = [.experimentalFeatures, .advancedRendering, .projection, .stereo]

    /// Follows flag changes until graceful shutdown. On start it brings every session in line with the flags, in
    /// case one changed between the sessions' start and this.
    public func run() async {
        let media = self.media
        await flags.follow(
            { change, flags in
                for session in Self.sessions(of: media) {
                    if Self.renderFlags.contains(change.name) {
                        Self.applyRenderOptions(flags, to: session)
                    } else if change.name == .bitrate {
                        session.setBitrate(flags.bitrate)
                    }
                }
            },
            initially: { flags in
                for session in Self.sessions(of: media) { Self.applyRenderOptions(flags, to: session) }
            })
    }

    private static func sessions(of media: any MediaService) -> [any RenderedSession] {
        media.sessionIDs.compactMap(media.renderedSession)
    }

    /// Brings the render options of a session that just started in line with the flags (its bitrate was chosen
    /// when it was created).
    public func adopt(_ session: any RenderedSession) {
        Self.applyRenderOptions(flags.current, to: session)
    }

    static func applyRenderOptions(_ flags: FlagSet, to session: any RenderedSession) {
        let options = LiveRenderOptions(scene: session.settings.scene, flags: flags)
        guard session.renderOptions != options else { return }
        session.updateRenderOptions { $0 = options }
    }
}
