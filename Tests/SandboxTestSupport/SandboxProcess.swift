import Foundation
import LicenseSandbox
import ProcessSpawning

/// The real `netify-licenses sandbox` binary, launched beside the test bundle.
public struct SandboxProcess: Sendable {
    public let child: Spawn.Child
    public let port: Int

    public static func launch(database: String) async throws -> SandboxProcess {
        try await Spawn.offCooperativePool {
            let child = try Spawn.start([BuiltBinary.path, "sandbox", "--port", "0", "--database", database])
            // The first line names the bound port.
            let line = child.readLine()
            guard let range = line.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
                  let port = Int(line[range].split(separator: ":")[1])
            else {
                child.stop(signal: SIGKILL)
                throw SandboxError.usage("sandbox did not report a port: \(line)")
            }
            return SandboxProcess(child: child, port: port)
        }
    }

    public func kill(signal: Int32) async {
        let child = self.child
        _ = try? await Spawn.offCooperativePool { child.stop(signal: signal) }
    }
}
