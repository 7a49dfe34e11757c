import Testing

@testable import HyperImage

/// The QR encoder's parts against the standard: Reed–Solomon on the standard's own example, the data codewords, the
/// version chosen by length, and the function patterns and format bits a reader looks for. (`Tests/cli/run.sh` has a
/// real reader, zbarimg, decode what `hypercube qr` writes.)
@Suite struct QRCodeTests {
    /// "HELLO WORLD" at 1-M (ISO/IEC 18004 Annex I): its 16 data codewords give these 10 error-correction codewords.
    @Test func reedSolomonMatchesTheStandardsExample() {
        let data: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        let ec = ReedSolomon.remainder(data, divisor: ReedSolomon.divisor(degree: 10))
        #expect(ec == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
    }

    @Test func byteModeDataIsModeCountBytesTerminatorAndPadding() {
        let codewords = QRCode.dataCodewords(Array("hi".utf8), version: 1)
        #expect(codewords.count == 16)
        // 0100 | 00000010 | 01101000 01101001 | 0000 → 0x40 0x26 0x86 0x90, then 0xEC 0x11 …
        #expect(Array(codewords.prefix(6)) == [0x40, 0x26, 0x86, 0x90, 0xEC, 0x11])
        #expect(codewords.last == 0x11)
    }

    @Test(arguments: [(14, 1), (15, 2), (26, 2), (27, 3), (122, 7), (123, 8), (150, 8), (213, 10)])
    func theSmallestVersionThatHoldsTheTextIsChosen(bytes: Int, version: Int) throws {
        let code = try QRCode(String(repeating: "a", count: bytes))
        #expect(code.version == version && code.size == version * 4 + 17)
    }

    @Test func aTextTooLongIsRefusedWithItsLength() {
        #expect(throws: ImageError.self) { try QRCode(String(repeating: "a", count: 214)) }
    }

    @Test(arguments: ["https://192.168.1.20:5000/xr", String(repeating: "x", count: 150)])
    func finderTimingDarkModuleAndFormatBitsAreWhereAReaderLooks(text: String) throws {
        let code = try QRCode(text)
        let size = code.size
        for (left, top) in [(0, 0), (size - 7, 0), (0, size - 7)] {
            for y in 0..<7 {
                for x in 0..<7 {
                    let ring = max(abs(x - 3), abs(y - 3))
                    #expect(code[left + x, top + y] == (ring != 2), "finder at (\(left), \(top)): (\(x), \(y))")
                }
            }
        }
        for index in 8..<size - 8 {
            #expect(code[index, 6] == (index % 2 == 0) && code[6, index] == (index % 2 == 0), "timing at \(index)")
        }
        #expect(code[8, size - 8], "the dark module")
        // Format bits, first copy: level M (00) and the chosen mask, BCH-valid under the 0x5412 mask.
        var bits = 0
        for index in 0...5 where code[8, index] { bits |= 1 << index }
        if code[8, 7] { bits |= 1 << 6 }
        if code[8, 8] { bits |= 1 << 7 }
        if code[7, 8] { bits |= 1 << 8 }
        for index in 9..<15 where code[14 - index, 8] { bits |= 1 << index }
        let format = bits ^ 0x5412
        #expect(format >> 10 == code.mask, "level M (00) and mask \(code.mask)")
        var remainder = format >> 10
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        #expect(format & 0x3FF == remainder & 0x3FF)
    }

    @Test func theTerminalFormHalvesTheRowsOnALightBackground() throws {
        let code = try QRCode("https://10.0.0.2:5000/xr")
        let lines = code.terminalLines(quietZone: 2)
        #expect(lines.count == (code.size + 4 + 1) / 2)
        #expect(lines.allSatisfy { $0.hasPrefix("\u{1B}[30;47m") && $0.hasSuffix("\u{1B}[0m") })
        let image = code.render(scale: 2, quietZone: 4)
        #expect(image.width == (code.size + 8) * 2)
    }
}
