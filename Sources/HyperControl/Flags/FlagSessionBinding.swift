public import HyperSFU

/// Keeps every live session in step with the flags: render flags reach a session through
/// `updateRenderOptions` (applied from its next frame) and the bitrate flag through `setBitrate`.
public struct FlagSessionBinding: Sendable {
    let flags: FlagStore
    let media: MediaServer

    public init(flags: FlagStore, media: MediaServer) {
        self.flags = flags
        self.media = media
    }

    static let renderFlags: Set<FlagName> = [.experimentalFeatures, .advancedRendering, .projection, .stereo]

    /// Starts following flag changes.
    public func start() {
        let media = self.media
        flags.onChange { change, flags in
            for id in media.sessionIDs {
                guard let session = media.session(id) else { continue }
                if Self.renderFlags.contains(change.name) {
                    Self.applyRenderOptions(flags, to: session)
                } else if change.name == .bitrate {
                    session.setBitrate(flags.bitrate)
                }
            }
        }
    }

    /// Brings the render options of a session that just started in line with the flags (its bitrate was chosen
    /// when it was created).
    public func adopt(_ session: StreamSession) {
        Self.applyRenderOptions(flags.current, to: session)
    }

    static func applyRenderOptions(_ flags: FlagSet, to session: StreamSession) {
        let options = LiveRenderOptions(scene: session.settings.scene, flags: flags)
        guard session.renderOptions != options else { return }
        session.updateRenderOptions { $0 = options }
    }
}
