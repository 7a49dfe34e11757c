/// A QR code (ISO/IEC 18004) of a short text — a player URL a headset's camera can open — in byte mode at error
/// correction level M, versions 1 to 10 (up to 213 bytes). Written for `serve`'s banner; `render` turns it into an
/// image, `terminalLines` into text for a terminal.
public struct QRCode: Sendable, Equatable {
    /// Modules per side: 21 for version 1, 4 more per version.
    public let size: Int
    public let version: Int
    /// The mask pattern chosen (0…7): the one with the lowest penalty.
    public let mask: Int
    /// Row-major, `true` for a dark module.
    public let modules: [Bool]

    public subscript(x: Int, y: Int) -> Bool {
        modules[y * size + x]
    }

    /// Encodes `text` as UTF-8 in the smallest version that holds it.
    public init(_ text: String) throws(ImageError) {
        let bytes = Array(text.utf8)
        guard let version = (1...10).first(where: { Self.fits(bytes.count, version: $0) }) else {
            throw ImageError(
                .textTooLong, "a QR code here holds at most 213 bytes; the text has \(bytes.count)")
        }
        let codewords = Self.interleaved(Self.dataCodewords(bytes, version: version), version: version)
        var grid = QRGrid(version: version)
        grid.drawFunctionPatterns()
        grid.drawCodewords(codewords)
        var best: (mask: Int, penalty: Int, grid: QRGrid)?
        for mask in 0..<8 {
            var candidate = grid
            candidate.applyMask(mask)
            candidate.drawFormatBits(mask: mask)
            let penalty = candidate.penalty
            if best == nil || penalty < best!.penalty { best = (mask, penalty, candidate) }
        }
        self.version = version
        self.size = grid.size
        self.mask = best!.mask
        self.modules = best!.grid.modules
    }

    // MARK: capacity (level M)

    /// Per version 1…10 at level M: all codewords, error-correction blocks, EC codewords per block.
    static let totalCodewords = [26, 44, 70, 100, 134, 172, 196, 242, 292, 346]
    static let blocks = [1, 1, 1, 2, 2, 4, 4, 4, 5, 5]
    static let ecCodewordsPerBlock = [10, 16, 26, 18, 24, 16, 18, 22, 22, 26]

    static func dataCapacity(version: Int) -> Int {
        totalCodewords[version - 1] - blocks[version - 1] * ecCodewordsPerBlock[version - 1]
    }

    private static func countBits(version: Int) -> Int { version < 10 ? 8 : 16 }

    private static func fits(_ count: Int, version: Int) -> Bool {
        4 + countBits(version: version) + count * 8 <= dataCapacity(version: version) * 8
    }

    /// Mode, count, the bytes, terminator and padding: the data codewords.
    static func dataCodewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) {
            for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
        }
        let capacity = dataCapacity(version: version) * 8
        append(0b0100, 4)
        append(bytes.count, countBits(version: version))
        for byte in bytes { append(Int(byte), 8) }
        append(0, min(4, capacity - bits.count))
        append(0, (8 - bits.count % 8) % 8)
        var codewords = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while codewords.count < capacity / 8 {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// The data split into blocks, each followed by its Reed–Solomon codewords, interleaved column by column.
    static func interleaved(_ data: [UInt8], version: Int) -> [UInt8] {
        let count = blocks[version - 1]
        let ecLength = ecCodewordsPerBlock[version - 1]
        let total = totalCodewords[version - 1]
        let shortBlocks = count - total % count
        let shortLength = total / count
        let divisor = ReedSolomon.divisor(degree: ecLength)
        var split: [(data: [UInt8], ec: [UInt8])] = []
        var start = 0
        for index in 0..<count {
            let length = shortLength - ecLength + (index < shortBlocks ? 0 : 1)
            let block = Array(data[start..<start + length])
            start += length
            split.append((block, ReedSolomon.remainder(block, divisor: divisor)))
        }
        var result: [UInt8] = []
        let longest = split.map(\.data.count).max() ?? 0
        for column in 0..<longest {
            for block in split where column < block.data.count { result.append(block.data[column]) }
        }
        for column in 0..<ecLength {
            for block in split { result.append(block.ec[column]) }
        }
        return result
    }

    // MARK: output

    /// The code as an image: `scale` pixels per module, `quietZone` light modules around it (4 by the standard).
    public func render(scale: Int = 8, quietZone: Int = 4) -> RGBAImage {
        let side = (size + 2 * quietZone) * scale
        var pixels = [UInt8](repeating: 255, count: side * side * 4)
        for y in 0..<size {
            for x in 0..<size where self[x, y] {
                for dy in 0..<scale {
                    let row = ((y + quietZone) * scale + dy) * side
                    for dx in 0..<scale {
                        let offset = (row + (x + quietZone) * scale + dx) * 4
                        pixels[offset] = 0
                        pixels[offset + 1] = 0
                        pixels[offset + 2] = 0
                    }
                }
            }
        }
        return RGBAImage(width: side, height: side, pixels: pixels)
    }

    /// The code as terminal text, two module rows per line with half blocks, dark on an explicitly light background
    /// (ANSI colours), so that it scans on dark and light terminals alike.
    public func terminalLines(quietZone: Int = 2) -> [String] {
        let side = size + 2 * quietZone
        func dark(_ x: Int, _ y: Int) -> Bool {
            let (column, row) = (x - quietZone, y - quietZone)
            return column >= 0 && row >= 0 && column < size && row < size && self[column, row]
        }
        return stride(from: 0, to: side, by: 2).map { y in
            let cells = (0..<side).map { x -> String in
                switch (dark(x, y), y + 1 < side && dark(x, y + 1)) {
                case (true, true): "█"
                case (true, false): "▀"
                case (false, true): "▄"
                case (false, false): " "
                }
            }
            return "\u{1B}[30;47m" + cells.joined() + "\u{1B}[0m"
        }
    }
}

/// Reed–Solomon error correction over GF(2⁸) with the QR polynomial x⁸ + x⁴ + x³ + x² + 1.
enum ReedSolomon {
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var product = 0
        for bit in stride(from: 7, through: 0, by: -1) {
            product = (product << 1) ^ ((product >> 7) * 0x11D)
            product ^= ((Int(b) >> bit) & 1) * Int(a)
        }
        return UInt8(product)
    }

    /// The generator polynomial's coefficients (highest power first, its leading 1 left out) for `degree` codewords.
    static func divisor(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for index in 0..<degree {
                result[index] = multiply(result[index], root)
                if index + 1 < degree { result[index] ^= result[index + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    /// The error-correction codewords of `data`.
    static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for index in result.indices { result[index] ^= multiply(divisor[index], factor) }
        }
        return result
    }
}
