/// What a WHEP endpoint answered to a load viewer's offer.
public struct WHEPExchangeResult: Sendable, Equatable {
    /// The SDP answer.
    public var answer: String
    /// Where the viewer resource lives (an HTTP Location, or a viewer ID in-process), for a later DELETE.
    public var location: String

    public init(answer: String, location: String) {
        self.answer = answer
        self.location = location
    }
}

/// Sends a load viewer's SDP offer to the server and returns its answer: an HTTP POST for a remote server, a direct
/// `MediaServer.createViewer` call in-process. A test may rewrite the offer on the way.
public typealias WHEPOfferExchange = @Sendable (_ offer: String) async throws -> WHEPExchangeResult
