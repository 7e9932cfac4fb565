// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "netify-licenses",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "netify-licenses", targets: ["netify-licenses"]),
        .executable(name: "netify-licenses-bench", targets: ["netify-licenses-bench"]),
        .library(name: "NetifyLicensing", targets: ["NetifyLicensing", "LicenseModel"]),
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
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // Imported directly (byte buffers, channel handlers, errors to classify), not only through the above.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        // The team journal and lock (TeamJournal).
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        .systemLibrary(
            name: "CNcurses",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        // The license model: License and its field table, LicenseRules, expiry
        // status, JSON reading and writing, the catalog, errors. No package
        // dependencies, so every other target can share it.
        .target(name: "LicenseModel", dependencies: ["TextSafety"]),
        // One rule for text from outside, before any output shows it. No
        // dependencies: the terminal's cells and the license model both ask it.
        .target(name: "TextSafety"),
        // The only code that talks to ncurses: draws cell grids, reads keys,
        // measures display width. Knows nothing about licenses.
        .target(
            name: "TerminalUI",
            dependencies: ["CNcurses", "TextSafety"]
        ),
        // Pure dashboard logic: state, reducer, views into cell grids, themes
        // parsed from text, its own settings. No curses, network or files.
        .target(
            name: "Dashboard",
            dependencies: ["TerminalUI", "LicenseModel"]
        ),
        // The HTTP client (AsyncHTTPClient), retry policy, settings and credentials.
        .target(
            name: "NetifyLicensing",
            dependencies: [
                "LicenseModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
            ]
        ),
        // The fleet and the health of its source as Prometheus metrics, for
        // `metrics` and `exporter`.
        .target(
            name: "LicenseMetrics",
            dependencies: ["LicenseModel", .product(name: "Prometheus", package: "swift-prometheus")]
        ),
        // What the tool keeps on this machine, in SQLite through GRDB: the
        // change journal (and the API wrapper that journals every write) and
        // the cache of the last list.
        .target(
            name: "LocalStore",
            dependencies: [
                "LicenseModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The team journal on PostgreSQL (postgres-nio): the local journal's
        // entries delivered exactly once, read back with every operator's,
        // and the team lock on one dedicated connection.
        .target(
            name: "TeamJournal",
            dependencies: [
                "LicenseModel",
                "LocalStore",
                "NetifyLicensing",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Messages to chat and mail (json, slack, teams, matrix, mail): each
        // format made safe, each destination bounded in time, retried on 5xx/429.
        .target(
            name: "Notifications",
            dependencies: [
                "LicenseModel", "ProcessSpawning",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "LicenseSandbox",
            dependencies: [
                "LicenseModel",
                // PrivateFiles: the one way a directory of the tool's is made.
                "LocalStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "netify-licenses",
            dependencies: [
                "LicenseModel",
                "NetifyLicensing",
                "LicenseSandbox",
                "LicenseMetrics",
                "LocalStore",
                "TeamJournal",
                "Notifications",
                "Dashboard",
                "TerminalUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            // The systemd units and the .deb's own files: .ci/package-deb ships them, not the build.
            exclude: ["Packaging"]
        ),
        // Runs other programs with posix_spawn and waitpid (for the benchmark and the tests).
        .target(name: "ProcessSpawning"),
        // Speed and memory figures at fleet scale: swift run -c release netify-licenses-bench
        .executableTarget(
            name: "netify-licenses-bench",
            dependencies: [
                "LicenseModel", "NetifyLicensing", "LicenseSandbox", "LocalStore", "TeamJournal", "LicenseMetrics", "Dashboard", "TerminalUI", "ProcessSpawning",
                "SandboxTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                // The stand-in server of the fleet-scale figures.
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // libFuzzer targets for every parser of outside input (FuzzTarget); a
        // normal build replays saved inputs. Tests/Fuzz/fuzz runs the fuzzer.
        .executableTarget(
            name: "netify-licenses-fuzz",
            dependencies: ["FuzzTargets", "CLibFuzzerDriver"]
        ),
        // What each fuzz target checks, apart from the driver: the fuzzer runs
        // it, and the tests replay every saved input through it.
        .target(
            name: "FuzzTargets",
            dependencies: ["LicenseModel", "NetifyLicensing", "LocalStore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(name: "CLibFuzzerDriver"),
        // The one fleet of licenses every test suite uses.
        .target(name: "LicenseFixtures", dependencies: ["LicenseModel"], path: "Tests/LicenseFixtures"),
        // Starts real sandboxes on loopback ports for the test targets.
        .target(
            name: "SandboxTestSupport",
            dependencies: [
                "LicenseModel",
                "LicenseFixtures",
                "NetifyLicensing",
                "TerminalUI",
                "Dashboard",
                "LicenseSandbox",
                "LocalStore",
                "ProcessSpawning",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/SandboxTestSupport"
        ),
        .testTarget(
            name: "LicenseModelTests",
            dependencies: ["LicenseModel", "LicenseFixtures", "FuzzTargets"]
        ),
        .testTarget(
            name: "LocalStoreTests",
            dependencies: ["LocalStore", "LicenseModel", "LicenseFixtures"]
        ),
        .testTarget(
            name: "NetifyLicensingTests",
            dependencies: [
                "LicenseModel", "NetifyLicensing", "LicenseSandbox", "SandboxTestSupport", "Dashboard",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "DashboardTests",
            dependencies: ["Dashboard", "TerminalUI", "LicenseModel", "LicenseFixtures"]
        ),
        .testTarget(
            name: "DashboardEndToEndTests",
            dependencies: ["netify-licenses", "LicenseModel", "NetifyLicensing", "LicenseSandbox", "SandboxTestSupport", "ProcessSpawning"]
        ),
        .testTarget(
            name: "NetifyLicensesCLITests",
            dependencies: [
                "netify-licenses", "LicenseModel", "NetifyLicensing", "LicenseSandbox", "SandboxTestSupport", "Dashboard", "LicenseFixtures",
                "ProcessSpawning", "TerminalUI", "LocalStore", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "LicenseSandboxTests",
            dependencies: [
                "LicenseSandbox", "LicenseModel", "NetifyLicensing", "SandboxTestSupport", "ProcessSpawning",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
    ]
)
