/// An ICE username fragment and password pair (RFC 8445 §5.3), as exchanged in `a=ice-ufrag` and `a=ice-pwd`.
public struct ICECredentials: Hashable, Sendable {
    public var ufrag: String
    public var password: String

    public init(ufrag: String, password: String) {
        self.ufrag = ufrag
        self.password = password
    }

    /// The 64 characters of `ice-char` (RFC 8839 §5.4): ALPHA / DIGIT / "+" / "/".
    static let iceCharacters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    /// Fresh credentials from the system random source: an 8-character ufrag and a 24-character password,
    /// above the 4 and 22 character minimums and 48 and 132 bits of entropy.
    public static func random() -> ICECredentials {
        var generator = SystemRandomNumberGenerator()
        func randomString(_ count: Int) -> String {
            String((0..<count).map { _ in iceCharacters[Int.random(in: 0..<iceCharacters.count, using: &generator)] })
        }
        return ICECredentials(ufrag: randomString(8), password: randomString(24))
    }

    /// The key of short-term credential MESSAGE-INTEGRITY: the password's UTF-8 bytes (RFC 8489 §9.1.1).
    var integrityKey: [UInt8] { Array(password.utf8) }
}
