#if canImport(Glibc)
import Glibc
#endif

/// This machine, as the journal's entries, the team lock and the default operator name record it.
public enum ThisHost {
    /// Its name, made safe (a host name is outside text too), at most 64 characters.
    public static var name: String {
        #if canImport(Glibc)
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(cString: buffer).safeForDisplay(limit: 64)
        #else
        return "localhost"
        #endif
    }
}
