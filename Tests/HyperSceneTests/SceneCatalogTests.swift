import Foundation
import HyperScene
import Testing

struct SceneCatalogTests {
    @Test func namesAreSortedJSONFileStems() throws {
        let directory = try temporaryDirectory(files: [
            "zeta.json", "alpha.json", "Mid.json", "notes.txt", ".hidden.json",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let catalog = try SceneCatalog(directory: directory)
        #expect(catalog.names == ["Mid", "alpha", "zeta"])
        #expect(catalog.directory == directory)
    }

    @Test func repositoryCatalogHasTheShippedScenes() throws {
        let catalog = try SceneCatalog(directory: RepositoryScenes.directory)
        let expected = [
            "120-cell", "16-cell", "24-cell", "5-cell", "600-cell", "clifford-torus", "duoprism-5x7", "ensemble",
            "tesseract", "tesseract-slice",
        ]
        #expect(catalog.names == expected)
        #expect(catalog.names.contains(SceneCatalog.defaultSceneName))
        #expect(try catalog.scene(named: SceneCatalog.defaultSceneName).name == "tesseract")
    }

    @Test func unknownSceneListsTheKnownNames() throws {
        let catalog = try SceneCatalog(directory: RepositoryScenes.directory)
        let error = #expect(throws: SceneError.self) { try catalog.scene(named: "hypersphere") }
        #expect(error?.code == .unknownScene)
        #expect(
            error?.message == "unknown scene 'hypersphere' (known scenes: \(catalog.names.joined(separator: ", ")))")
        #expect(error?.description.contains("hypersphere") == true)
    }

    @Test func sceneErrorsNameTheSceneFile() throws {
        let directory = try temporaryDirectory(files: ["broken.json"])
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(#"{"name": "broken", "objects": [], }"#.utf8).write(
            to: directory.appendingPathComponent("broken.json"))
        let error = #expect(throws: SceneError.self) { try SceneCatalog(directory: directory).scene(named: "broken") }
        #expect(error?.code == .invalidJSON)
        #expect(error?.file == directory.appendingPathComponent("broken.json").relativePath)
    }

    @Test func missingDirectoryIsUnreadable() {
        let error = #expect(throws: SceneError.self) {
            try SceneCatalog(directory: URL(fileURLWithPath: "/nonexistent/hypercube/scenes"))
        }
        #expect(error?.code == .unreadableFile)
        #expect(error?.file == "/nonexistent/hypercube/scenes")
    }

    @Test func locateFindsAScenesDirectory() throws {
        let catalog = try SceneCatalog.locate()
        #expect(catalog.names.contains(SceneCatalog.defaultSceneName))
    }

    private func temporaryDirectory(files: [String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("hyperscene-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in files {
            try Data("{}".utf8).write(to: directory.appendingPathComponent(file))
        }
        return directory
    }
}
