#if !FUZZING
import Foundation
import FuzzTargets

/// Without the fuzzer (a normal build): replays saved inputs, one file each,
/// through a target's check. Built with -DFUZZING, this is compiled out and
/// libFuzzer supplies main.
@main
enum ReplayCommand {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var target = FuzzTarget.listDecoder
        if arguments.first == "--target", arguments.count >= 2 {
            guard let named = FuzzTarget(rawValue: arguments[1]) else {
                fail("no target \(arguments[1]); the targets are \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            target = named
            arguments.removeFirst(2)
        }
        if arguments.isEmpty {
            fail("usage: netify-licenses-fuzz [--target NAME] FILE...   (replays saved inputs; Tests/Fuzz/fuzz runs the fuzzer)")
        }
        for path in arguments {
            guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path); check the path.") }
            [UInt8](data).withUnsafeBufferPointer { target.check($0) }
            print("ok \(path)")
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(1)
    }
}
#else
import CLibFuzzerDriver
import Foundation
import FuzzTargets

/// The fuzzing build's entry: SwiftPM points `main` here, and libFuzzer drives
/// from here. NETIFY_FUZZ_TARGET names the target (list-decoder by default).
@main
enum FuzzEntry {
    static func main() {
        let name = ProcessInfo.processInfo.environment["NETIFY_FUZZ_TARGET"] ?? FuzzTarget.listDecoder.rawValue
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("no fuzz target \(name); the targets are \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(1)
        }
        FuzzEntry.target = target
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, count in
            FuzzEntry.target.check(UnsafeBufferPointer(start: data, count: count))
            return 0
        })
    }

    nonisolated(unsafe) static var target = FuzzTarget.listDecoder
}
#endif
