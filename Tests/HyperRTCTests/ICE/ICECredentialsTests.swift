import HyperRTC
import Testing

@Suite struct ICECredentialsTests {
    @Test func randomCredentialsUseIceCharsAtTheRightLengths() {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var seen = Set<ICECredentials>()
        for _ in 0..<100 {
            let credentials = ICECredentials.random()
            #expect(credentials.ufrag.count == 8)
            #expect(credentials.password.count == 24)
            #expect(credentials.ufrag.allSatisfy(allowed.contains))
            #expect(credentials.password.allSatisfy(allowed.contains))
            seen.insert(credentials)
        }
        #expect(seen.count == 100)
    }
}
