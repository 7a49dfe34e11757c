import Foundation
import HyperImage
import HyperMedia
import Testing

/// IVF files: our writer and reader agree, ffprobe reads what we write, and broken files fail precisely.
@Suite struct IVFTests {
    static let packets: [EncodedFrame] = {
        do {
            let encoder = try VideoEncoder(settings: VideoFixtures.settings())
            return try VideoFixtures.encode(VideoFixtures.sequence360p[0..<30], with: encoder)
        } catch {
            fatalError("encoding the IVF test stream: \(error)")
        }
    }()

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ivf-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func write(_ packets: [EncodedFrame], to url: URL) throws {
        let writer = try IVFWriter(url: url, codec: .vp8, width: 640, height: 360)
        for packet in packets { try writer.write(packet) }
        try writer.close()
    }

    @Test func writeThenReadRoundTrips() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("stream.ivf")
        try Self.write(Self.packets, to: url)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["stream.ivf"])

        let file = try IVFReader.read(url: url)
        #expect(
            file.header
                == IVFHeader(
                    codec: .vp8, width: 640, height: 360, timebaseNumerator: 1, timebaseDenominator: 90_000,
                    frameCount: 30))
        #expect(file.frames == Self.packets.map { IVFFrame(pts: $0.pts, data: $0.data) })
        let decoder = try VideoDecoder(codec: .vp8)
        for (frame, source) in zip(file.frames, VideoFixtures.sequence360p) {
            let pictures = try decoder.decode(frame.data)
            try #require(pictures.count == 1)
            #expect(ImageComparison.psnr(luma: source, pictures[0]) >= 35)
        }
    }

    @Test func ptsAreRescaledToTheFileTimebase() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("frames.ivf")
        let writer = try IVFWriter(url: url, codec: .vp8, width: 640, height: 360, timebase: (1, 30))
        for packet in Self.packets[0..<4] { try writer.write(packet) }
        try writer.close()
        let file = try IVFReader.read(url: url)
        #expect(file.header.timebaseNumerator == 1 && file.header.timebaseDenominator == 30)
        #expect(file.frames.map(\.pts) == [0, 1, 2, 3])
    }

    @Test(.enabled(if: IVFTests.ffprobe != nil, "ffprobe is not installed"))
    func ffprobeCountsOurFrames() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("probe.ivf")
        try Self.write(Self.packets, to: url)
        let process = Process()
        process.executableURL = Self.ffprobe
        process.arguments = [
            "-v", "error", "-count_frames", "-select_streams", "v:0",
            "-show_entries", "stream=nb_read_frames,width,height,codec_name", "-of", "json", url.path,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let stream = try #require((json["streams"] as? [[String: Any]])?.first)
        #expect(stream["codec_name"] as? String == "vp8")
        #expect(stream["width"] as? Int == 640)
        #expect(stream["height"] as? Int == 360)
        #expect(stream["nb_read_frames"] as? String == "30")
    }

    static var ffprobe: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("ffprobe") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static var fileBytes: [UInt8] {
        var bytes = Array("DKIF".utf8) + littleEndian(UInt16(0)) + littleEndian(UInt16(32)) + Array("VP80".utf8)
        bytes += littleEndian(UInt16(640)) + littleEndian(UInt16(360)) + littleEndian(UInt32(90_000))
        bytes += littleEndian(UInt32(1)) + littleEndian(UInt32(2)) + littleEndian(UInt32(0))
        for packet in packets[0..<2] {
            bytes += littleEndian(UInt32(packet.data.count)) + littleEndian(UInt64(packet.pts)) + packet.data
        }
        return bytes
    }

    static func littleEndian<Value: FixedWidthInteger>(_ value: Value) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    static func malformedMessage(_ bytes: [UInt8]) -> String? {
        let error = #expect(throws: MediaError.self) { try IVFReader(bytes: bytes) }
        #expect(error?.code == .malformedContainer)
        return error?.message
    }

    @Test func truncatedFrameNamesItsOffset() throws {
        let bytes = Self.fileBytes
        let secondFrame = 32 + 12 + Self.packets[0].data.count
        let message = Self.malformedMessage(Array(bytes.dropLast(5)))
        #expect(
            message
                == "IVF frame 1 at offset \(secondFrame) declares \(Self.packets[1].data.count) bytes but only "
                + "\(Self.packets[1].data.count - 5) remain")
        #expect(
            Self.malformedMessage(Array(bytes[0..<secondFrame + 7]))
                == "IVF frame 1 header at offset \(secondFrame) is truncated: 7 of 12 bytes present")
        #expect(try IVFReader(bytes: bytes).frames.count == 2)
    }

    @Test func badHeadersAreRejected() throws {
        let good = Self.fileBytes
        #expect(Self.malformedMessage(Array(good[0..<20])) == "IVF file is 20 bytes, shorter than its 32-byte header")
        var garbage = good
        garbage.replaceSubrange(0..<4, with: [0x00, 0xff, 0x10, 0x20])
        #expect(
            Self.malformedMessage(garbage)
                == "not an IVF file: signature at offset 0 is 0x00 0xff 0x10 0x20, not 'DKIF'")
        var version = good
        version[4] = 1
        #expect(Self.malformedMessage(version) == "unsupported IVF version 1 at offset 4 (expected 0)")
        var length = good
        length[6] = 64
        #expect(Self.malformedMessage(length) == "IVF header length at offset 6 is 64, expected 32")
        var fourCC = good
        fourCC.replaceSubrange(8..<12, with: Array("H264".utf8))
        #expect(
            Self.malformedMessage(fourCC) == "unsupported IVF fourcc 'H264' at offset 8 (expected VP80 or VP90)")
    }

    @Test func readingAMissingFileNamesThePath() throws {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/in.ivf")
        let error = #expect(throws: MediaError.self) { try IVFReader.read(url: url) }
        #expect(error?.code == .io)
        #expect(error?.message.contains(url.path) == true)
    }

    @Test func writingIntoAMissingDirectoryNamesThePath() throws {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/out.ivf")
        let error = #expect(throws: MediaError.self) {
            try IVFWriter(url: url, codec: .vp8, width: 640, height: 360)
        }
        #expect(error?.code == .io)
        #expect(error?.message == "cannot create IVF file \(url.path): No such file or directory")
    }

    @Test func anUnfinishedWriterLeavesNoFile() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("abandoned.ivf")
        do {
            let writer = try IVFWriter(url: url, codec: .vp8, width: 640, height: 360)
            try writer.write(Self.packets[0])
            #expect(!FileManager.default.fileExists(atPath: url.path))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func writerRefusesUseAfterClose() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try IVFWriter(
            url: directory.appendingPathComponent("once.ivf"), codec: .vp9, width: 64, height: 64)
        try writer.close()
        #expect(throws: MediaError.self) { try writer.write(Self.packets[0]) }
        #expect(throws: MediaError.self) { try writer.close() }
    }
}
