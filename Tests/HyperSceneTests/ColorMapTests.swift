import HyperScene
import Testing

struct ColorMapTests {
    let map = ColorMap(stops: [RGB(0, 0, 0), RGB(1, 0.5, 0), RGB(0.2, 0.4, 1)])

    @Test func endpointsAreTheFirstAndLastStops() {
        #expect(map.color(at: 0) == RGB(0, 0, 0))
        #expect(map.color(at: 1) == RGB(0.2, 0.4, 1))
    }

    @Test func clampsOutsideTheUnitInterval() {
        #expect(map.color(at: -3) == RGB(0, 0, 0))
        #expect(map.color(at: 7.5) == RGB(0.2, 0.4, 1))
        #expect(map.color(at: -.infinity) == RGB(0, 0, 0))
        #expect(map.color(at: .infinity) == RGB(0.2, 0.4, 1))
        #expect(map.color(at: .nan) == RGB(0, 0, 0))
    }

    @Test func interpolatesPiecewiseLinearlyBetweenEvenlySpacedStops() {
        #expect(map.color(at: 0.5) == RGB(1, 0.5, 0))
        let quarter = map.color(at: 0.25)
        #expect(abs(quarter.r - 0.5) < 1e-12 && abs(quarter.g - 0.25) < 1e-12 && quarter.b == 0)
        let threeQuarters = map.color(at: 0.75)
        #expect(abs(threeQuarters.r - 0.6) < 1e-12 && abs(threeQuarters.g - 0.45) < 1e-12)
        #expect(abs(threeQuarters.b - 0.5) < 1e-12)
    }

    @Test func presetsIncludeTheWellKnownMapsWithFiveStopsEach() throws {
        let required = ["viridis", "plasma", "magma", "inferno", "cool-warm", "rainbow", "ice", "fire"]
        for name in required {
            #expect(ColorMap.names.contains(name))
        }
        for name in ColorMap.names {
            let preset = try #require(ColorMap.named(name))
            #expect(preset.stops.count == 5)
            #expect(preset.color(at: 0) == preset.stops[0])
            #expect(preset.color(at: 1) == preset.stops[4])
        }
        #expect(Set(ColorMap.names).count == ColorMap.names.count)
        #expect(ColorMap.named("plasm") == nil)
        #expect(ColorMap.standard == ColorMap.named("viridis"))
    }

    @Test func presetsMatchTheirReferenceColours() throws {
        let viridis = try #require(ColorMap.named("viridis"))
        #expect(viridis.stops.first?.hex == "#440154")
        #expect(viridis.stops.last?.hex == "#fde725")
        let plasma = try #require(ColorMap.named("plasma"))
        #expect(plasma.color(at: 0.5).hex == "#cc4778")
    }
}
