import HyperSFU
import NIOCore
import Testing

/// Which local addresses get a media socket of their own.
@Suite struct MediaSocketAddressesTests {
    static let interfaces: [SocketAddress] = [
        "127.0.0.1", "192.168.1.20", "fe80::1c2:3ff:fe4:5", "2001:db8::20", "10.0.0.7", "::1",
    ].map { try! SocketAddress(ipAddress: $0, port: 0) }

    @Test func aSpecificBindAddressIsTheOnlySocket() {
        #expect(
            MediaSocketAddresses.plan(bindHost: "10.0.0.7", announced: ["203.0.113.7"], interfaces: Self.interfaces)
                == ["10.0.0.7"])
    }

    @Test func theIPv4WildcardBindsAnnouncedThenInterfaceAddressesThenLoopbackThenItself() {
        #expect(
            MediaSocketAddresses.plan(
                bindHost: "0.0.0.0", announced: ["127.0.0.2", "203.0.113.7", "10.0.0.7"], interfaces: Self.interfaces)
                == ["127.0.0.2", "203.0.113.7", "10.0.0.7", "127.0.0.1", "192.168.1.20", "0.0.0.0"])
    }

    @Test func theIPv4WildcardLeavesIPv6AndNamesOut() {
        #expect(
            MediaSocketAddresses.plan(bindHost: "0.0.0.0", announced: ["2001:db8::1", "example.com"], interfaces: [])
                == ["127.0.0.1", "0.0.0.0"])
    }

    @Test func theIPv6WildcardBindsBothFamiliesButLinkLocal() {
        #expect(
            MediaSocketAddresses.plan(bindHost: "::", announced: [], interfaces: Self.interfaces)
                == ["127.0.0.1", "192.168.1.20", "2001:db8::20", "10.0.0.7", "::1", "::"])
    }
}
