import Foundation
import SandboxTestSupport
import Testing
@testable import netify_licenses

/// What the .deb ships (.ci/package-deb): themes found where a package puts
/// them, and the systemd units the README shows are the files it installs.
@Suite("Packaging")
struct PackagingTests {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let units = package.appendingPathComponent("Sources/netify-licenses/Packaging/systemd")

    /// After the user's own: beside the binary, the user's data directory, each
    /// of `XDG_DATA_DIRS` (relative entries ignored), and `/usr/share` always.
    @Test func themesAreFoundInTheDataDirectoriesAfterTheUsersOwn() throws {
        let root = TestSandbox.temporaryDirectory()
        let environment = [
            "HOME": root, "XDG_CONFIG_HOME": root + "/config", "XDG_DATA_HOME": root + "/data",
            "XDG_DATA_DIRS": root + "/opt/share:relative/share:" + root + "/vendor/share/",
        ]
        let library = ThemeLibrary(environment: environment, executablePath: root + "/bin/netify-licenses")
        let expected = [
            root + "/config/netify-licenses/themes", root + "/share/netify-licenses/themes", root + "/data/netify-licenses/themes",
            root + "/opt/share/netify-licenses/themes", root + "/vendor/share/netify-licenses/themes", "/usr/share/netify-licenses/themes",
        ]
        #expect(Array(library.directories.prefix(expected.count)) == expected)
        #expect(!library.directories.contains { $0.contains("relative") })

        // Without XDG_DATA_DIRS, the specification's default: /usr/local/share, then /usr/share.
        let plain = ThemeLibrary(environment: ["HOME": root], executablePath: "netify-licenses").directories
        let local = try #require(plain.firstIndex(of: "/usr/local/share/netify-licenses/themes"))
        let system = try #require(plain.firstIndex(of: "/usr/share/netify-licenses/themes"))
        #expect(plain.first == root + "/.config/netify-licenses/themes" && local < system)
    }

    /// A packaged theme loads by name; the user's own of the same name wins.
    @Test func aPackagedThemeLoadsAndTheUsersOwnComesFirst() throws {
        let root = TestSandbox.temporaryDirectory()
        let packaged = root + "/vendor/share/netify-licenses/themes"
        let own = root + "/config/netify-licenses/themes"
        for directory in [packaged, own] { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        try "header = bold\n".write(toFile: packaged + "/site.theme", atomically: true, encoding: .utf8)
        try "\nsparkle = red\n".write(toFile: packaged + "/broken.theme", atomically: true, encoding: .utf8)
        let environment = ["HOME": root, "XDG_CONFIG_HOME": root + "/config", "XDG_DATA_DIRS": root + "/vendor/share"]

        let library = ThemeLibrary(environment: environment, executablePath: "netify-licenses")
        #expect(library.names.contains("site"))
        #expect(throws: Never.self) { try library.load("site") }
        // Which file was read shows in a parse error's place.
        #expect(performing: { try library.load("broken") }, throws: { "\($0)".contains(packaged + "/broken.theme:2") })
        try "\nglitter = red\n".write(toFile: own + "/broken.theme", atomically: true, encoding: .utf8)
        #expect(performing: { try library.load("broken") }, throws: { "\($0)".contains(own + "/broken.theme:2") })
    }

    /// Every unit the README shows under its installed path is that file,
    /// line for line, and every unit the package installs is named there.
    @Test func theReadmesUnitsAreThePackagedFiles() throws {
        let readme = try String(contentsOf: PackagingTests.package.appendingPathComponent("README.md"), encoding: .utf8)
        var shown: [String: [String]] = [:]
        var current: String?
        var inBlock = false
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") {
                inBlock.toggle()
                current = nil
            } else if inBlock, line.hasPrefix("# /usr/lib/systemd/system/") {
                current = String(line.dropFirst("# /usr/lib/systemd/system/".count))
                #expect(shown[current!] == nil, "\(current!) is shown twice")
                shown[current!] = []
            } else if let name = current {
                shown[name, default: []].append(line)
            }
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: PackagingTests.units.path).filter { $0.hasSuffix(".service") || $0.hasSuffix(".timer") }
        #expect(!shown.isEmpty, "the README shows no unit under /usr/lib/systemd/system/")
        for (name, lines) in shown {
            let file = try String(contentsOf: PackagingTests.units.appendingPathComponent(name), encoding: .utf8)
            var text = lines
            while text.last == "" { text.removeLast() }
            #expect(text.joined(separator: "\n") + "\n" == file, "README.md's \(name) differs from Sources/netify-licenses/Packaging/systemd/\(name)")
        }
        for name in files { #expect(readme.contains(name), "README.md never names \(name)") }
    }
}
