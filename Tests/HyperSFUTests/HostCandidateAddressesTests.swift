import HyperSFU
import NIOCore
import Testing

/// Which interface addresses become host candidates when no address is announced.
@Suite struct HostCandidateAddressesTests {
    static let interfaces: [SocketAddress] = [
        "127.0.0.1", "192.168.1.20", "fe80::1c2:3ff:fe4:5", "2001:db8::20", "10.0.0.7", "::1", "192.168.1.20",
        "fd00::7",
    ].map { try! SocketAddress(ipAddress: $0, port: 0) }

    @Test func aWildcardIPv4SocketOffersEveryIPv4AddressThenLoopback() {
        #expect(
            HostCandidateAddresses.select(from: Self.interfaces, bindHost: "0.0.0.0")
                == ["192.168.1.20", "10.0.0.7", "127.0.0.1"])
    }

    @Test func aWildcardIPv6SocketOffersEveryIPv6AddressButLinkLocalThenLoopback() {
        #expect(
            HostCandidateAddresses.select(from: Self.interfaces, bindHost: "::") == ["2001:db8::20", "fd00::7", "::1"])
    }

    @Test func aSocketBoundToOneAddressOffersThatAddress() {
        #expect(HostCandidateAddresses.select(from: Self.interfaces, bindHost: "10.0.0.7") == ["10.0.0.7"])
    }

    @Test func withoutInterfacesLoopbackRemains() {
        #expect(HostCandidateAddresses.select(from: [], bindHost: "0.0.0.0") == ["127.0.0.1"])
    }

    @Test func thisMachineHasAtLeastLoopback() {
        #expect(HostCandidateAddresses.discover(bindHost: "0.0.0.0").last == "127.0.0.1")
    }
}
