/// The player and WHEP URLs `serve` prints at start: one line per address viewers can reach, LAN ones first, so that
/// a headset or a browser on another machine can be pointed at one.
struct PlayerURLs {
    var scheme: String
    /// The address the HTTP server listens on.
    var listenHost: String
    /// The media host candidates, which on a wildcard listen address are the addresses to print.
    var announced: [String]
    var port: Int

    private var authorities: [String] {
        let hosts = listenHost == "0.0.0.0" || listenHost == "::" ? announced : [listenHost]
        return hosts.map { "\($0.contains(":") ? "[\($0)]" : $0):\(port)" }
    }

    var lines: [String] {
        authorities.map { authority in
            "Player: \(scheme)://\(authority)/   WHEP: \(scheme)://\(authority)/whep/default   "
                + "XR: \(scheme)://\(authority)/xr"
        }
    }

    /// The XR page's URL per address, LAN ones first.
    var xrURLs: [String] {
        authorities.map { "\(scheme)://\($0)/xr" }
    }
}
