// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Hypercube",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hypercube", targets: ["hypercube"]),
        .library(name: "HyperRender", targets: ["HyperRender"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        .systemLibrary(name: "CVulkan", pkgConfig: "vulkan", providers: [.apt(["libvulkan-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CYUV", providers: [.apt(["libyuv-dev"])]),
        .target(name: "HyperGeometry", swiftSettings: strictSettings),
        .target(name: "HyperImage", dependencies: ["CPNG"], swiftSettings: strictSettings),
        .target(name: "HyperScene", dependencies: ["HyperGeometry"], swiftSettings: strictSettings),
        .target(
            name: "HyperRender",
            dependencies: ["CVulkan", "HyperImage", "HyperScene", "HyperGeometry"],
            swiftSettings: strictSettings,
            plugins: ["ShaderCompilerPlugin"]
        ),
        .executableTarget(
            name: "hypercube",
            dependencies: [
                "HyperRender", "HyperScene", "HyperImage", "CYUV",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "ShaderEmbedder", swiftSettings: strictSettings),
        .plugin(
            name: "ShaderCompilerPlugin",
            capability: .buildTool(),
            dependencies: ["ShaderEmbedder"]
        ),
        .testTarget(name: "HyperGeometryTests", dependencies: ["HyperGeometry"], swiftSettings: strictSettings),
        .testTarget(name: "HyperImageTests", dependencies: ["HyperImage", "CYUV"], swiftSettings: strictSettings),
        .testTarget(name: "HyperSceneTests", dependencies: ["HyperScene"], swiftSettings: strictSettings),
        .testTarget(
            name: "HyperRenderTests",
            dependencies: ["HyperRender", "HyperScene", "HyperImage", "CYUV"],
            swiftSettings: strictSettings
        ),
    ]
)
