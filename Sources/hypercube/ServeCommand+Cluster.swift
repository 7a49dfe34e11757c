import ArgumentParser
import Foundation
import HyperCluster
import HyperControl
import HyperSFU
import Logging

extension ServeCommand {
    /// How long a node holds a session without renewing it: a node that dies loses its sessions after this.
    static let clusterLeaseTTL: Duration = .seconds(6)

    /// `--egress-budget`: bits per second with an optional k, M or G suffix (`800M`, `2.5G`), above 0 and at most 1T.
    static func parseEgressBudget(_ text: String) throws(ValidationError) -> Double {
        var number = Substring(text.trimmingCharacters(in: .whitespaces))
        var multiplier = 1.0
        if let last = number.last, let scale = ["k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "g": 1e9, "G": 1e9][last] {
            multiplier = scale
            number = number.dropLast()
        }
        guard let value = Double(number), value.isFinite, value * multiplier > 0, value * multiplier <= 1e12 else {
            throw ValidationError(
                "--egress-budget '\(text)': expected bits per second above 0, with an optional k, M or G suffix "
                    + "(800M, 2.5G), at most 1000G")
        }
        return value * multiplier
    }

    /// The node's cluster membership with `--cluster`, nil without. Checks the URL and options before anything runs.
    func clusterMembership(
        environment: [String: String], settings: SessionSettings, media: MediaServer, state: ControlState,
        httpPort: Int, announceHosts: [String], scheme: String, gpu: String, relayToken: String?, logger: Logger
    ) throws -> ClusterMembership? {
        guard let cluster else {
            if clusterPasswordFile != nil || nodeID != nil || publicURL != nil || egressBudget != nil {
                throw ValidationError(
                    "--cluster-password-file, --node-id, --public-url and --egress-budget need --cluster")
            }
            return nil
        }
        if relayFrom != nil { throw ValidationError("--relay-from and --cluster exclude each other") }
        let url = try ClusterDatabaseURL(cluster, passwordFile: clusterPasswordFile, environment: environment)
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "node"
        let id = nodeID ?? environment["HYPERCUBE_NODE_ID"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(host)-\(httpPort)"
        guard !id.isEmpty, id.count <= 128, id.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw ValidationError("--node-id '\(id)': use 1…128 letters, digits, '-', '_' or '.'")
        }
        let base: String
        if let publicURL {
            guard let components = URLComponents(string: publicURL), components.host != nil,
                components.scheme == "http" || components.scheme == "https",
                components.path.isEmpty || components.path == "/"
            else {
                throw ValidationError("--public-url '\(publicURL)': expected http(s)://HOST:PORT without a path")
            }
            base = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        } else {
            let address = announceHosts.first ?? "127.0.0.1"
            base = "\(scheme)://\(address.contains(":") ? "[\(address)]" : address):\(httpPort)"
        }
        var storeLogger = logger
        storeLogger[metadataKey: "component"] = "cluster"
        let store = ClusterStore(url: url, logger: storeLogger)
        let directory = ClusterDirectory(
            store: store, nodeID: id, relaysViewers: clusterRelay, relayToken: relayToken,
            egressBudgetBitsPerSecond: try egressBudget.map(Self.parseEgressBudget), leaseTTL: Self.clusterLeaseTTL,
            loadScene: { try SceneArgument.load($0) })
        let node = ClusterNode(
            id: id, whepBaseURL: base, announceAddresses: announceHosts, gpu: gpu,
            pixelRateBudget: Int64(try StartSettings(command: self, environment: environment).pixelBudget))
        logger.info("cluster \(url) as node \(id) at \(base)")
        return ClusterMembership(
            store: store, directory: directory, node: node, media: media, flags: state.flags,
            defaultSession: SessionDocument(settings: settings), logger: logger)
    }
}
