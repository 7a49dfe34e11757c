import Foundation

/// The kernel's UDP counters from /proc/net/snmp (this network namespace, all sockets): datagrams dropped because a
/// socket's receive or send buffer was full tell kernel loss apart from drops inside the server.
struct UDPCounters {
    var receiveBufferErrors: Int
    var sendBufferErrors: Int

    static func read() throws -> UDPCounters {
        let text = try String(contentsOfFile: "/proc/net/snmp", encoding: .utf8)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("Udp: ") }.map { $0.split(separator: " ") }
        guard rows.count >= 2 else { throw FanoutBenchError(.procfs, "/proc/net/snmp has no Udp rows") }
        let values = Dictionary(zip(rows[0], rows[1]).map { (String($0), Int($1) ?? 0) }) { first, _ in first }
        return UDPCounters(
            receiveBufferErrors: values["RcvbufErrors"] ?? 0, sendBufferErrors: values["SndbufErrors"] ?? 0)
    }
}
