import ArgumentParser
import LicenseModel
import NetifyLicensing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a license in netifyd format, ready for /etc/netifyd/license.json.",
        discussion: """
            Without -o the license goes to stdout. With -o it is written atomically
            (a temporary file renamed into place), mode 0644, and never over an
            existing file unless --force is given. Reload netifyd to pick it up.

            \(ExitStatus.helpText)
            """)

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The license's serial.")
    var serial: String

    @Option(name: [.customShort("o"), .customLong("output-file")], help: ArgumentHelp("The file to write.", valueName: "file"))
    var outputFile: String?

    @Flag(help: "Replace an existing file.")
    var force = false

    func validate() throws {
        try ArgumentRules.serial(serial)
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let (client, _) = try await connection.client()
            let license = try await client.license(serial: serial, format: .netifyd)
            let text = license.netifydDocumentText() + "\n"
            guard let outputFile else {
                Terminal.write(1, text)
                return
            }
            try AtomicFile.write(text, to: outputFile, mode: 0o644, replacing: force)
            Terminal.standardError("wrote \(serial) to \(outputFile)")
        }
    }
}

/// Writes a file so that readers see either the old contents or the new, never a part.
enum AtomicFile {
    static func write(_ text: String, to path: String, mode: mode_t, replacing: Bool) throws(LicensingError) {
        var status = stat()
        if stat(path, &status) == 0 {
            guard replacing else {
                throw .configuration(message: "\(path) already exists; pass --force to replace it.")
            }
            guard (status.st_mode & S_IFMT) == S_IFREG else {
                throw .configuration(message: "\(path) is not a regular file; choose a file path.")
            }
        }
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let temporary = (directory.isEmpty ? "" : directory) + "/.netify-license-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw .configuration(message: "Cannot write in \(directory.isEmpty ? "/" : directory): \(String(cString: strerror(errno))); check the directory exists and is writable.")
        }
        var failed = false
        Terminal.write(descriptor, text)
        // umask may have narrowed the mode; the agent's file is world-readable by design.
        if fchmod(descriptor, mode) != 0 || fsync(descriptor) != 0 { failed = true }
        close(descriptor)
        if failed || rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .configuration(message: "Cannot write \(path): \(reason); check the directory is writable.")
        }
    }
}
