import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a list on two cores: while the stream reads the first half of the
/// bytes in hand, another thread reads licenses from a guessed entry boundary
/// in the second half. The guess is only a guess (`},{` may sit inside a
/// string): what was read ahead is used only when the stream's own reading
/// arrives exactly at the guessed byte as the start of an entry, and then it
/// is what the stream would have read there itself — the same fast reader on
/// the same bytes, stopping before the first entry it cannot read exactly
/// (that one, and any error, is left to the stream). A wrong guess costs the
/// other thread's time, never a different result.
final class ReadAhead: @unchecked Sendable {
    /// Where the first license read ahead begins.
    let start: Int
    /// Where the first entry not read ahead begins (after its whitespace).
    private(set) var end: Int
    /// The bytes of the licenses read ahead, each up to and including its comma.
    private(set) var entryBytes = 0
    /// Moved in for the read, moved back out by `finish`.
    private var shared: SharedValues
    private let bytes: UnsafeBufferPointer<UInt8>
    private let done = DispatchSemaphore(value: 0)
    private var finished = false
    /// Whether the stream, arriving, had to wait for this thread (it then gives it less next time).
    private(set) var keptTheStreamWaiting = false
    /// Whether the stream has decided (taken it, or passed its start).
    var isSettled = false
    /// Chooses here, on this thread, which licenses the list keeps.
    private let keeping: LicenseSelection?
    /// Read licenses, moved out by `take` without a copy (a million retains of every field otherwise).
    private var licenses: UnsafeMutablePointer<LicenseListStream.Entry>
    private var capacity = 1_024
    private(set) var count = 0
    private var taken = 0

    /// Starts reading at `start` of `bytes`, which must stay as they are until `finish`, on `queue`:
    /// a serial queue of its own (a thread of its own when needed), never one the waiting stream's task may need.
    init(bytes: UnsafeBufferPointer<UInt8>, start: Int, shared: SharedValues, keeping: LicenseSelection?, queue: DispatchQueue) {
        self.bytes = bytes
        self.keeping = keeping
        self.start = start
        self.end = start
        self.shared = shared
        licenses = .allocate(capacity: capacity)
        queue.async { [self] in
            read()
            done.signal()
        }
    }

    deinit {
        (licenses + taken).deinitialize(count: count - taken)
        licenses.deallocate()
    }

    private func read() {
        var fast = LicenseListDecoder.FastReader(bytes: bytes)
        swap(&fast.shared, &shared)
        defer { swap(&fast.shared, &shared) }
        fast.reader.position = start
        while let license = fast.readLicense() {
            fast.reader.skipWhitespace()
            guard fast.reader.position < bytes.count, bytes[fast.reader.position] == UInt8(ascii: ",") else { return }
            fast.reader.position += 1
            entryBytes += fast.reader.position - end
            append(LicenseListStream.Entry(license, keeping: keeping))
            fast.reader.skipWhitespace()
            end = fast.reader.position
        }
    }

    private func append(_ entry: consuming LicenseListStream.Entry) {
        if count == capacity {
            let larger = UnsafeMutablePointer<LicenseListStream.Entry>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: licenses, count: count)
            licenses.deallocate()
            licenses = larger
            capacity *= 2
        }
        (licenses + count).initialize(to: entry)
        count += 1
    }

    /// Waits for the other thread and hands back the shared values it used (nil once handed back).
    func finish() -> SharedValues? {
        guard !finished else { return nil }
        if done.wait(timeout: .now()) == .timedOut {
            keptTheStreamWaiting = true
            done.wait()
        }
        finished = true
        var handed = SharedValues()
        swap(&handed, &shared)
        return handed
    }

    /// Each entry read ahead, in list order, moved out.
    func take(_ body: (consuming LicenseListStream.Entry) -> Void) {
        precondition(finished, "read-ahead taken before it finished")
        while taken < count {
            let entry = (licenses + taken).move()
            taken += 1
            body(entry)
        }
    }

    /// The first likely entry start at or after `from`: a `{` after a `,` after
    /// a `}` (whitespace between allowed), within 64 KiB; nil when none is seen.
    static func guessEntryStart(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let limit = min(bytes.count, from + 65_536)
        var index = max(from, 1)
        while index < limit {
            defer { index += 1 }
            guard bytes[index] == UInt8(ascii: ",") else { continue }
            var before = index - 1
            while before > 0, JSONParser.isWhitespace(bytes[before]) { before -= 1 }
            guard bytes[before] == UInt8(ascii: "}") else { continue }
            var after = index + 1
            while after < limit, JSONParser.isWhitespace(bytes[after]) { after += 1 }
            if after < limit, bytes[after] == UInt8(ascii: "{") { return after }
        }
        return nil
    }

    /// Whether a second core is there to read ahead on.
    static let isWorthwhile: Bool = sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1
}
