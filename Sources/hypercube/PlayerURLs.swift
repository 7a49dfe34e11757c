/// The player and WHEP URLs `serve` prints at start: one line per address viewers can reach, LAN ones first, so that
/// a headset or a browser on another machine can be pointed at one.
struct PlayerURLs {
    var scheme: String
    /// The address the HTTP server listens on.
    var listenHost: String
    /// The media host candidates, which on a wildcard listen address are the addresses to print.
    var announced: [String]
    var port: Int

    var lines: [String] {
        let hosts = listenHost == "0.0.0.0" || listenHost == "::" ? announced : [listenHost]
        return hosts.map { host in
            let authority = "\(host.contains(":") ? "[\(host)]" : host):\(port)"
            return "Player: \(scheme)://\(authority)/   WHEP: \(scheme)://\(authority)/whep/default   "
                + "XR: \(scheme)://\(authority)/xr"
        }
    }
}
