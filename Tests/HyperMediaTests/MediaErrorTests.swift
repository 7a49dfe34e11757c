import HyperMedia
import Testing

@Suite struct MediaErrorTests {
    @Test func descriptionIsTheMessageAlone() {
        let error = MediaError(.invalidSettings, "bitrate 0: must be positive")
        #expect("\(error)" == "bitrate 0: must be positive")
        #expect(error.code == .invalidSettings)
    }
}
