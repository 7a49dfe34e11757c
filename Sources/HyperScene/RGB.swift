import Foundation

/// A colour with linear-light red, green and blue components in 0...1.
/// Hex notation (`#rrggbb`) is sRGB-encoded, as on the web, and is decoded to linear on the way in.
public struct RGB: Hashable, Sendable {
    public var r: Double
    public var g: Double
    public var b: Double

    public init(_ r: Double, _ g: Double, _ b: Double) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// Decodes `#rrggbb` (sRGB, case-insensitive) into linear components; nil when malformed.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 7, digits[0] == UInt8(ascii: "#") else { return nil }
        var channels: [Double] = []
        for index in stride(from: 1, to: 7, by: 2) {
            guard let high = Self.hexDigit(digits[index]), let low = Self.hexDigit(digits[index + 1]) else {
                return nil
            }
            channels.append(Self.linear(fromSRGB: Double(high * 16 + low) / 255))
        }
        self.init(channels[0], channels[1], channels[2])
    }

    /// The nearest `#rrggbb` (sRGB-encoded, lowercase) spelling of this colour, components clamped to 0...1.
    public var hex: String {
        let bytes = [r, g, b].map { Int((Self.sRGB(fromLinear: min(max($0, 0), 1)) * 255).rounded()) }
        return String(format: "#%02x%02x%02x", bytes[0], bytes[1], bytes[2])
    }

    /// The sRGB-encoded counterpart of this colour, for writing into non-sRGB 8-bit targets.
    public var sRGBEncoded: RGB {
        RGB(Self.sRGB(fromLinear: r), Self.sRGB(fromLinear: g), Self.sRGB(fromLinear: b))
    }

    /// Linear interpolation between two colours: exactly `self` at `t == 0` and exactly `other` at `t == 1`.
    public func mixed(with other: RGB, by t: Double) -> RGB {
        RGB(r * (1 - t) + other.r * t, g * (1 - t) + other.g * t, b * (1 - t) + other.b * t)
    }

    private static func hexDigit(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }

    private static func linear(fromSRGB value: Double) -> Double {
        value <= 0.04045 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
    }

    private static func sRGB(fromLinear value: Double) -> Double {
        value <= 0.0031308 ? value * 12.92 : 1.055 * pow(value, 1 / 2.4) - 0.055
    }
}
