/// A QR code's module grid while it is drawn: function patterns (finders, timing, alignment, format and version
/// areas) first, then the codewords in the zigzag order, then a mask over the data modules only.
struct QRGrid {
    let version: Int
    let size: Int
    /// Row-major, `true` for dark.
    var modules: [Bool]
    /// Modules that belong to function patterns: never data, never masked.
    var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        size = version * 4 + 17
        modules = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
    }

    subscript(x: Int, y: Int) -> Bool {
        get { modules[y * size + x] }
        set { modules[y * size + x] = newValue }
    }

    private mutating func setFunction(_ x: Int, _ y: Int, _ dark: Bool) {
        self[x, y] = dark
        isFunction[y * size + x] = true
    }

    /// Alignment pattern centres of versions 2…10 on each axis.
    static let alignmentCentres: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
    ]

    mutating func drawFunctionPatterns() {
        for index in 0..<size {
            setFunction(6, index, index % 2 == 0)
            setFunction(index, 6, index % 2 == 0)
        }
        for (x, y) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 where (0..<size).contains(x + dx) && (0..<size).contains(y + dy) {
                    let distance = max(abs(dx), abs(dy))
                    setFunction(x + dx, y + dy, distance != 2 && distance != 4)
                }
            }
        }
        let centres = Self.alignmentCentres[version - 1]
        for (i, x) in centres.enumerated() {
            for (j, y) in centres.enumerated() {
                let last = centres.count - 1
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 { setFunction(x + dx, y + dy, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        // Reserve the format areas now (drawn for real once the mask is chosen), then the version blocks.
        drawFormatBits(mask: 0)
        if version >= 7 {
            var remainder = version
            for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
            let bits = version << 12 | remainder
            for index in 0..<18 {
                let dark = (bits >> index) & 1 == 1
                let a = size - 11 + index % 3
                let b = index / 3
                setFunction(a, b, dark)
                setFunction(b, a, dark)
            }
        }
    }

    /// The 15 format bits (level M, `mask`) in both copies, and the dark module.
    mutating func drawFormatBits(mask: Int) {
        let data = 0b00 << 3 | mask  // level M's two bits are 00
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        for index in 0...5 { setFunction(8, index, bit(index)) }
        setFunction(8, 7, bit(6))
        setFunction(8, 8, bit(7))
        setFunction(7, 8, bit(8))
        for index in 9..<15 { setFunction(14 - index, 8, bit(index)) }
        for index in 0..<8 { setFunction(size - 1 - index, 8, bit(index)) }
        for index in 8..<15 { setFunction(8, size - 15 + index, bit(index)) }
        setFunction(8, size - 8, true)
    }

    /// The codewords' bits, most significant first, up and down two-module columns from the right; leftover data
    /// modules stay light (the remainder bits).
    mutating func drawCodewords(_ codewords: [UInt8]) {
        var index = 0
        let bitCount = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vertical : vertical
                    guard !isFunction[y * size + x], index < bitCount else { continue }
                    self[x, y] = (codewords[index >> 3] >> (7 - index & 7)) & 1 == 1
                    index += 1
                }
            }
            right -= 2
        }
    }

    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] {
                let invert: Bool
                switch mask {
                case 0: invert = (x + y) % 2 == 0
                case 1: invert = y % 2 == 0
                case 2: invert = x % 3 == 0
                case 3: invert = (x + y) % 3 == 0
                case 4: invert = (x / 3 + y / 2) % 2 == 0
                case 5: invert = x * y % 2 + x * y % 3 == 0
                case 6: invert = (x * y % 2 + x * y % 3) % 2 == 0
                default: invert = ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if invert { self[x, y].toggle() }
            }
        }
    }

    /// The standard's penalty for runs of five or more alike in a row or column, 2×2 blocks alike, finder-like
    /// 1:1:3:1:1 runs, and an unbalanced share of dark modules; the mask with the lowest is used.
    var penalty: Int {
        var result = 0
        for line in 0..<size {
            for horizontal in [true, false] {
                var run = 1
                var colours: [Bool] = []
                for position in 0..<size {
                    let dark = horizontal ? self[position, line] : self[line, position]
                    colours.append(dark)
                    if position > 0, dark == colours[position - 1] {
                        run += 1
                        if run == 5 { result += 3 } else if run > 5 { result += 1 }
                    } else {
                        run = 1
                    }
                }
                result += 40 * Self.finderLikeRuns(colours)
            }
        }
        for y in 0..<size - 1 {
            for x in 0..<size - 1 {
                let colour = self[x, y]
                if colour == self[x + 1, y], colour == self[x, y + 1], colour == self[x + 1, y + 1] { result += 3 }
            }
        }
        let dark = modules.filter { $0 }.count
        let total = size * size
        result += (abs(dark * 20 - total * 10) + total - 1) / total * 10 - 10
        return max(result, 0)
    }

    /// Occurrences of dark-light-dark-dark-dark-light-dark with four light modules (or the edge) on one side.
    private static func finderLikeRuns(_ line: [Bool]) -> Int {
        let pattern: [Bool] = [true, false, true, true, true, false, true]
        var count = 0
        guard line.count >= 7 else { return 0 }
        for start in 0...(line.count - 7) where Array(line[start..<start + 7]) == pattern {
            let before = (max(0, start - 4)..<start).allSatisfy { !line[$0] }
            let after = (start + 7..<min(line.count, start + 11)).allSatisfy { !line[$0] }
            if before || after { count += 1 }
        }
        return count
    }
}
