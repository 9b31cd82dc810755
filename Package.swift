// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "cchc",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cchc", targets: ["cchc"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .target(
            name: "Domain",
            dependencies: [
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "App",
            dependencies: [
                "Domain",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                // The load driver of `cchc bench contest-load` (its own process) and its percentiles.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .executableTarget(
            name: "cchc",
            dependencies: ["App", "Domain"]
        ),
        .target(name: "FuzzDriver"),
        .executableTarget(
            name: "import-fuzz",
            dependencies: ["Domain", "FuzzDriver"]
        ),
        .executableTarget(
            name: "import-bench",
            dependencies: ["Domain"]
        ),
        .executableTarget(
            name: "load-bench",
            dependencies: [
                "App",
                "Domain",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "DomainTests",
            dependencies: ["Domain"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App",
                "Domain",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
    ]
)
