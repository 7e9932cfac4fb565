// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "netify-licenses",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "netify-licenses", targets: ["netify-licenses"]),
        .executable(name: "netify-licenses-bench", targets: ["netify-licenses-bench"]),
        .library(name: "NetifyLicensing", targets: ["NetifyLicensing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CNcurses",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        // The only code that talks to ncurses: draws cell grids, reads keys.
        .target(
            name: "TerminalUI",
            dependencies: ["CNcurses", "NetifyLicensing"]
        ),
        // Pure dashboard logic: state, reducer, views into cell grids, themes, keys.
        .target(
            name: "Dashboard",
            dependencies: ["TerminalUI", "NetifyLicensing"]
        ),
        .target(
            name: "NetifyLicensing",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "LicenseSandbox",
            dependencies: [
                "NetifyLicensing",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "netify-licenses",
            dependencies: [
                "NetifyLicensing",
                "LicenseSandbox",
                "Dashboard",
                "TerminalUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Runs other programs with posix_spawn and waitpid (for the benchmark and the tests).
        .target(name: "ProcessSpawning"),
        // Speed and memory figures at fleet scale: swift run -c release netify-licenses-bench
        .executableTarget(
            name: "netify-licenses-bench",
            dependencies: [
                "NetifyLicensing", "LicenseSandbox", "Dashboard", "TerminalUI", "ProcessSpawning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // Starts real sandboxes on loopback ports for the test targets.
        .target(
            name: "SandboxTestSupport",
            dependencies: [
                "NetifyLicensing",
                "LicenseSandbox",
                "ProcessSpawning",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Tests/SandboxTestSupport"
        ),
        .testTarget(
            name: "NetifyLicensingTests",
            dependencies: [
                "NetifyLicensing", "LicenseSandbox", "SandboxTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "DashboardTests",
            dependencies: ["Dashboard", "TerminalUI", "NetifyLicensing"]
        ),
        .testTarget(
            name: "DashboardEndToEndTests",
            dependencies: ["netify-licenses", "NetifyLicensing", "LicenseSandbox", "SandboxTestSupport", "ProcessSpawning"]
        ),
        .testTarget(
            name: "NetifyLicensesCLITests",
            dependencies: ["netify-licenses", "NetifyLicensing", "LicenseSandbox", "SandboxTestSupport"]
        ),
        .testTarget(
            name: "LicenseSandboxTests",
            dependencies: [
                "LicenseSandbox", "NetifyLicensing", "SandboxTestSupport", "ProcessSpawning",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ]
)
