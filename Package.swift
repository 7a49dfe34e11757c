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
        .library(name: "HyperGeometry", targets: ["HyperGeometry"]),
        .library(name: "HyperJSON", targets: ["HyperJSON"]),
        .library(name: "HyperFiles", targets: ["HyperFiles"]),
        .library(name: "HyperScene", targets: ["HyperScene"]),
        .library(name: "HyperImage", targets: ["HyperImage"]),
        .library(name: "HyperRender", targets: ["HyperRender"]),
        .library(name: "HyperMedia", targets: ["HyperMedia"]),
        .library(name: "HyperRTC", targets: ["HyperRTC"]),
        .library(name: "HyperCluster", targets: ["HyperCluster"]),
        .library(name: "HyperViewer", targets: ["HyperViewer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.29.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.24.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.20.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.3.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.1.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.25.0"),
        // OTLP/HTTP trace export only: the gRPC exporter's dependencies are not built.
        .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPHTTP"]),
    ],
    targets: [
        .systemLibrary(name: "CVulkan", pkgConfig: "vulkan", providers: [.apt(["libvulkan-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CYUV", providers: [.apt(["libyuv-dev"])]),
        .systemLibrary(name: "CVPX", pkgConfig: "vpx", providers: [.apt(["libvpx-dev"])]),
        .systemLibrary(name: "COpus", pkgConfig: "opus", providers: [.apt(["libopus-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSRTP", pkgConfig: "libsrtp2", providers: [.apt(["libsrtp2-dev"])]),
        .target(name: "HyperGeometry", swiftSettings: strictSettings),
        .target(name: "HyperImage", dependencies: ["CPNG", "HyperFiles"], swiftSettings: strictSettings),
        .target(name: "HyperJSON", swiftSettings: strictSettings),
        .target(name: "HyperFiles", swiftSettings: strictSettings),
        .target(name: "HyperScene", dependencies: ["HyperGeometry", "HyperJSON"], swiftSettings: strictSettings),
        .target(
            name: "HyperRender",
            dependencies: ["CVulkan", "CYUV", "HyperImage", "HyperScene", "HyperGeometry"],
            swiftSettings: strictSettings,
            plugins: ["ShaderCompilerPlugin"]
        ),
        .target(
            name: "HyperMedia",
            dependencies: ["CVPX", "COpus", "HyperImage", "HyperScene", "HyperGeometry", "HyperFiles"],
            swiftSettings: strictSettings
        ),
        .target(name: "HyperRTC", dependencies: ["COpenSSL", "CSRTP"], swiftSettings: strictSettings),
        .target(
            name: "HyperViewer",
            dependencies: [
                "HyperRTC", "HyperMedia", "HyperImage",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HyperSFU",
            dependencies: [
                "HyperRTC", "HyperMedia", "HyperRender", "HyperScene", "HyperImage", "HyperViewer",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HyperCluster",
            dependencies: [
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HyperControl",
            dependencies: [
                "HyperSFU", "HyperRTC", "HyperMedia", "HyperRender", "HyperScene", "HyperJSON", "HyperFiles",
                "COpenSSL",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "hypercube",
            dependencies: [
                "HyperRender", "HyperScene", "HyperImage", "HyperMedia", "HyperControl", "HyperSFU", "HyperCluster",
                "HyperJSON", "HyperViewer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "OTel", package: "swift-otel"),
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
        .testTarget(name: "HyperJSONTests", dependencies: ["HyperJSON"], swiftSettings: strictSettings),
        .testTarget(name: "HyperFilesTests", dependencies: ["HyperFiles"], swiftSettings: strictSettings),
        .testTarget(name: "HyperImageTests", dependencies: ["HyperImage", "CYUV"], swiftSettings: strictSettings),
        .testTarget(
            name: "HyperMediaTests",
            dependencies: ["HyperMedia", "HyperRender", "HyperScene", "HyperImage"],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "HyperRTCTests", dependencies: ["HyperRTC"], swiftSettings: strictSettings),
        .testTarget(
            name: "HyperSFUTests",
            dependencies: [
                "HyperSFU", "HyperRTC", "HyperMedia", "HyperScene", "HyperRender", "HyperImage", "HyperViewer",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HyperControlTests",
            dependencies: [
                "HyperControl", "HyperSFU", "HyperScene", "HyperRender", "HyperMedia", "HyperJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HyperClusterTests",
            dependencies: [
                "HyperCluster",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "HyperSceneTests", dependencies: ["HyperScene"], swiftSettings: strictSettings),
        .testTarget(
            name: "HyperRenderTests",
            dependencies: ["HyperRender", "HyperScene", "HyperImage", "CYUV"],
            exclude: ["Golden"],
            swiftSettings: strictSettings
        ),
    ]
)
