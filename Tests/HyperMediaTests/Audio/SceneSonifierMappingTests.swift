import Foundation
import HyperGeometry
import HyperMedia
import HyperScene
import Testing

struct SceneSonifierMappingTests {
    @Test(arguments: ["tesseract", "ensemble"])
    func oneGentleVoicePerObjectInsideTheRanges(sceneName: String) throws {
        let scene = try AudioTestScenes.repository(sceneName)
        let sonifier = SceneSonifier(scene: scene)
        for time in stride(from: 0.0, through: 60, by: 0.25) {
            let voices = sonifier.voices(at: time)
            #expect(voices.count == scene.objects.count)
            for voice in voices {
                #expect(SceneSonifier.frequencyRange.contains(voice.frequency))
                #expect((-1.0...1.0).contains(voice.pan))
                #expect(voice.gain > 0 && voice.gain <= 0.25)
                let power = voice.leftGain * voice.leftGain + voice.rightGain * voice.rightGain
                #expect(abs(power - voice.gain * voice.gain) < 1e-12, "equal-power pan")
            }
            #expect(voices.reduce(0) { $0 + $1.gain } <= SceneSonifier.peakLevel + 1e-12)
        }
    }

    @Test func ensemblePansFollowTheObjectsAcrossTheScreen() throws {
        let sonifier = SceneSonifier(scene: try AudioTestScenes.repository("ensemble"))
        for time in stride(from: 0.0, through: 60, by: 1) {
            let voices = sonifier.voices(at: time)
            #expect(voices[0].pan < -0.5, "the 5-cell sits at x = -2.5")
            #expect(abs(voices[1].pan) < 0.2, "the 16-cell sits at the centre")
            #expect(voices[2].pan > 0.5, "the 24-cell sits at x = +2.5")
            #expect(voices[0].leftGain > voices[0].rightGain)
            #expect(voices[2].rightGain > voices[2].leftGain)
        }
    }

    @Test func panIsMirroredWithX() {
        for x in [0.3, 0.8, 1.5, 3] {
            let left = SceneSonifier(scene: AudioTestScenes.steadyTesseract(position: Vector4(-x, 0, 0, 0)))
            let right = SceneSonifier(scene: AudioTestScenes.steadyTesseract(position: Vector4(x, 0, 0, 0)))
            for time in [0.0, 1.3, 7.9] {
                let (leftPan, rightPan) = (left.voices(at: time)[0].pan, right.voices(at: time)[0].pan)
                #expect(leftPan < 0)
                #expect(abs(leftPan + rightPan) < 1e-12)
            }
        }
        let centred = SceneSonifier(scene: AudioTestScenes.steadyTesseract()).voices(at: 2)[0]
        #expect(abs(centred.pan) < 1e-12)
        #expect(abs(centred.leftGain - centred.rightGain) < 1e-12)
    }

    @Test func pitchIsTheWExtentOnALogScale() {
        let scene = AudioTestScenes.steadyTesseract(scale: 0.8)
        let object = scene.objects[0]
        let sonifier = SceneSonifier(scene: scene)
        let world = object.transform(object.shape.makePolytope().vertices, at: 3)
        let ws = world.map(\.w)
        let extent = ws.max()! - ws.min()!
        let expected = 880 * pow(extent / 0.25, -0.75)
        #expect(abs(sonifier.voices(at: 3)[0].frequency - expected) < 1e-9 * expected)
    }

    @Test func widerInWSoundsLower() {
        let scales = [0.2, 0.35, 0.5, 0.8, 1.2, 1.7]
        for time in [0.0, 2.5, 11] {
            let frequencies = scales.map { scale in
                SceneSonifier(scene: AudioTestScenes.steadyTesseract(scale: scale)).voices(at: time)[0].frequency
            }
            #expect(zip(frequencies, frequencies.dropFirst()).allSatisfy { $0 > $1 }, "\(frequencies)")
            let doubled = SceneSonifier(scene: AudioTestScenes.steadyTesseract(scale: 1)).voices(at: time)[0].frequency
            #expect(
                abs(frequencies[2] / doubled - pow(2, 0.75)) < 1e-9,
                "twice the extent is three quarters of an octave lower")
        }
    }

    @Test func tesseractPitchMovesAsItTurnsThroughW() throws {
        let sonifier = SceneSonifier(scene: try AudioTestScenes.repository("tesseract"))
        let frequencies = stride(from: 0.0, through: 20, by: 0.5).map { sonifier.voices(at: $0)[0].frequency }
        #expect(frequencies.max()! / frequencies.min()! > 1.2)
    }

    @Test func spinningWithinXYKeepsThePitch() {
        let sonifier = SceneSonifier(scene: AudioTestScenes.steadyTesseract())
        #expect(sonifier.voices(at: 0) == sonifier.voices(at: 9))
    }

    @Test func everyRepositorySceneSoundsWithinRange() throws {
        let catalog = try SceneCatalog.locate()
        #expect(catalog.names.count >= 10)
        for name in catalog.names {
            let sonifier = SceneSonifier(scene: try catalog.scene(named: name))
            for time in stride(from: 0.0, through: 60, by: 2.5) {
                let voices = sonifier.voices(at: time)
                #expect(voices.count == sonifier.scene.objects.count)
                #expect(voices.allSatisfy { SceneSonifier.frequencyRange.contains($0.frequency) }, "\(name)")
            }
            let samples = sonifier.render(startSample: 96_000, count: 4_800)
            #expect(samples.allSatisfy { $0.isFinite && abs(Double($0)) <= SceneSonifier.peakLevel }, "\(name)")
        }
    }
}
