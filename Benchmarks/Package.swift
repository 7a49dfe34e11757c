// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so that the root package does not depend on package-benchmark.
// `traits: ["MallocInterposer"]` keeps malloc counting but leaves out the default "RuntimeInterposer" trait,
// whose Linux-only dependency (ordo-one/swift-runtime-interposer) only the retain/release metrics need.
let package = Package(
    name: "HypercubeBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Hypercube", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "RenderBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HyperGeometry", package: "Hypercube"),
                .product(name: "HyperImage", package: "Hypercube"),
                .product(name: "HyperRender", package: "Hypercube"),
                .product(name: "HyperScene", package: "Hypercube"),
            ],
            path: "Benchmarks/RenderBenchmarks",
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
