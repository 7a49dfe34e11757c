import HyperSFU
import Logging
import NIOCore
import NIOWebSocket

/// One XR viewer's pose WebSocket once upgraded: each message read goes to the media server (which checks, limits
/// and counts it as it does data-channel messages), and the frame timings the media server queues are written back.
/// Reading waits for the media loop to take each message, and the timing queue drops its oldest, so neither a client
/// that floods nor one that never reads grows the server's memory.
struct XRPoseSocketSession {
    let media: any MediaService
    let socket: XRPoseSocket

    func run(_ frames: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, logger: Logger) async {
        do {
            try await frames.executeThenClose { inbound, outbound in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await timing in socket.timings {
                            try await outbound.write(
                                WebSocketFrame(fin: true, opcode: .binary, data: ByteBuffer(bytes: timing)))
                        }
                        try await outbound.write(Self.closeFrame(.normalClosure))
                    }
                    group.addTask {
                        try await read(inbound, replyingOn: outbound)
                    }
                    _ = try await group.next()
                    group.cancelAll()
                }
            }
        } catch {
            logger.debug("XR pose WebSocket ended: \(error)", metadata: ["viewer": "\(socket.viewerID)"])
        }
        await media.closeXRPoseSocket(socket)
    }

    /// Reads messages until the client closes: binary and text alike go to the media server, which drops text;
    /// of a message longer than `XRPoseSocket.maximumMessageBytes`, only enough is kept to see that it is too long.
    private func read(
        _ inbound: NIOAsyncChannelInboundStream<WebSocketFrame>,
        replyingOn outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>
    ) async throws {
        let keep = XRPoseSocket.maximumMessageBytes + 1
        var message: [UInt8] = []
        var binary = true
        for try await frame in inbound {
            switch frame.opcode {
            case .binary, .text:
                message = []
                binary = frame.opcode == .binary
            case .continuation:
                break
            case .ping:
                try await outbound.write(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData))
                continue
            case .connectionClose:
                try await outbound.write(Self.closeFrame(.normalClosure))
                return
            default:
                continue
            }
            let data = frame.unmaskedData
            if message.count < keep {
                message +=
                    data.getBytes(at: data.readerIndex, length: min(keep - message.count, data.readableBytes))
                    ?? []
            }
            if frame.fin {
                await media.receiveXRMessage(message, binary: binary, from: socket)
            }
        }
    }

    private static func closeFrame(_ code: WebSocketErrorCode) -> WebSocketFrame {
        var data = ByteBuffer()
        data.write(webSocketErrorCode: code)
        return WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
    }
}
