#if !FUZZING
import Foundation

/// Without the fuzzer (a normal build): replays saved inputs, one file each,
/// through the same check. Built with -DFUZZING, this is compiled out and
/// libFuzzer supplies main.
@main
enum ReplayCommand {
    static func main() {
        let paths = CommandLine.arguments.dropFirst()
        if paths.isEmpty {
            FileHandle.standardError.write(Data("usage: netify-licenses-fuzz FILE...   (replays saved inputs; ListDecoderFuzz.swift says how to fuzz)\n".utf8))
            exit(1)
        }
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("cannot read \(path); check the path.\n".utf8))
                exit(1)
            }
            [UInt8](data).withUnsafeBufferPointer { ListDecoderFuzz.check($0) }
            print("ok \(path)")
        }
    }
}
#endif
