import Testing

@testable import HyperControl

/// Numbers read at start are finite and in range, or the start fails naming the setting.
@Suite struct NumericSettingTests {
    @Test(arguments: ["nan", "NaN", "inf", "-inf", "infinity", "-1", "0", "0.5", "3601", "1e300"])
    func iceTimeoutsOutsideTheRangeAreRefused(text: String) {
        #expect(throws: ConfigurationError.self) {
            try NumericSetting.double("HYPERCUBE_ICE_TIMEOUT_SECONDS", text, in: 1...3600)
        }
    }

    @Test func theErrorNamesTheSettingTheValueAndTheRange() {
        #expect(
            throws: ConfigurationError(
                "HYPERCUBE_ICE_TIMEOUT_SECONDS", "nan is out of range; expected a finite number in 1...3600")
        ) {
            try NumericSetting.double("HYPERCUBE_ICE_TIMEOUT_SECONDS", "nan", in: 1...3600)
        }
        #expect(throws: ConfigurationError("PORT", "'80a' is not an integer; expected 0...65535")) {
            try NumericSetting.integer("PORT", "80a", in: 0...65535)
        }
        #expect(throws: ConfigurationError("--drain-seconds", "inf is out of range; expected a finite number in 0...8"))
        {
            try NumericSetting.check("--drain-seconds", Double.infinity, in: 0...8)
        }
    }

    @Test func valuesInRangeAndUnsetVariablesPass() throws {
        #expect(try NumericSetting.double("X", "2.5", in: 1...3600) == 2.5)
        #expect(try NumericSetting.integer("X", "65535", in: 0...65535) == 65535)
        let environment = ["SET": "5", "EMPTY": ""]
        #expect(try NumericSetting.double(environment: environment, "SET", in: 1...3600, default: 30) == 5)
        #expect(try NumericSetting.double(environment: environment, "EMPTY", in: 1...3600, default: 30) == 30)
        #expect(try NumericSetting.integer(environment: environment, "UNSET", in: 1...9, default: 7) == 7)
    }

    @Test func theWriteRateRefusesNaNAndInfinity() {
        for text in ["nan", "inf", "-3", "0"] {
            #expect(throws: ConfigurationError.self) {
                try AccessPolicy(environment: ["HYPERCUBE_WRITE_RATE": text])
            }
        }
        #expect(throws: ConfigurationError.self) {
            try AccessPolicy(environment: ["HYPERCUBE_WRITE_BURST": "1e9"])
        }
    }
}
