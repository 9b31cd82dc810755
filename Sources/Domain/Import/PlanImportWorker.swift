import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The child side of `ImportSandbox`: `cchc parse-document FILE --memory-mb N --cpu-seconds N --wall-seconds N
/// --max-bytes N [--bank]` sets its limits, reads the file (a plan, or with `--bank` a contest's question bank) and
/// prints one `Reply` as JSON on standard output.
public enum PlanImportWorker {
    public static let command = "parse-document"

    public struct Reply: Codable, Sendable {
        public var plan: Plan?
        /// With `--bank`: the file read as a contest's question bank instead of a plan.
        public var bank: QuestionBankFile.Read?
        public var error: PlanImportError?
    }

    /// Runs the worker; the process's exit status.
    public static func main(_ arguments: [String]) -> Int32 {
        guard let path = arguments.first(where: { !$0.hasPrefix("--") && $0 != command }) else { return 64 }
        func option(_ name: String, _ fallback: Int) -> Int {
            guard let i = arguments.firstIndex(of: "--" + name), i + 1 < arguments.count, let v = Int(arguments[i + 1]), v > 0 else { return fallback }
            return v
        }
        let memory = option("memory-mb", 1024), cpu = option("cpu-seconds", 120), wall = option("wall-seconds", 150)
        let maxBytes = option("max-bytes", 20 * 1024 * 1024)
        applyLimits(memoryMB: memory, cpuSeconds: cpu, wallSeconds: wall, maxBytes: maxBytes)
        bringLoopbackUp()
        var reply = Reply()
        do {
            if arguments.contains("--bank") {
                reply.bank = try QuestionBankFile.readFile(at: path, maxBytes: maxBytes)
            } else {
                reply.plan = try PlanImporter(maxBytes: maxBytes).importFile(at: path)
            }
        } catch let error as PlanImportError {
            reply.error = error
        } catch {
            reply.error = .unreadable("không đọc được tệp.")
        }
        guard let data = try? JSONEncoder().encode(reply) else { return 70 }
        FileHandle.standardOutput.write(data)
        return 0
    }

    /// In a network namespace of its own the loopback interface starts down, and Foundation cannot start a program
    /// without it (it watches children through a socket pair on loopback). Bringing it up opens only the namespace's own
    /// loopback: the host's addresses, and every other, stay out of reach.
    static func bringLoopbackUp() {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var request = ifreq()
        withUnsafeMutableBytes(of: &request.ifr_ifrn.ifrn_name) { name in
            for (i, byte) in "lo".utf8.enumerated() { name[i] = byte }
        }
        guard ioctl(fd, UInt(SIOCGIFFLAGS), &request) == 0 else { return }
        let up = Int16(IFF_UP) | Int16(IFF_RUNNING)
        guard request.ifr_ifru.ifru_flags & up != up else { return }
        request.ifr_ifru.ifru_flags |= up
        _ = ioctl(fd, UInt(SIOCSIFFLAGS), &request)
        #endif
    }

    /// The limits a fuzzing run works under: those of the server's child, without the wall clock (libFuzzer keeps
    /// its own time limit per input).
    public static func applyFuzzLimits() {
        applyLimits(memoryMB: 2048, cpuSeconds: 86_400, wallSeconds: 0, maxBytes: 1 << 20, signalHandlers: false)
    }

    /// Limits this process and whatever it starts. As the first process of a PID namespace it ignores signals it has no
    /// handler for, so the time-limit signals get handlers that end it (and with it, the namespace).
    /// `signalHandlers`: false under libFuzzer, which keeps the alarm for its own timeouts.
    static func applyLimits(memoryMB: Int, cpuSeconds: Int, wallSeconds: Int, maxBytes: Int, signalHandlers: Bool = true) {
        #if os(Linux)
        func set(_ resource: Int32, _ soft: Int, _ hard: Int) {
            var limit = rlimit(rlim_cur: rlim_t(max(0, soft)), rlim_max: rlim_t(max(0, hard)))
            _ = setrlimit(__rlimit_resource_t(UInt32(resource)), &limit)
        }
        let mb = min(memoryMB, 1 << 20) // at most a terabyte: the product below cannot overflow
        set(Int32(RLIMIT_AS.rawValue), mb * 1024 * 1024, mb * 1024 * 1024)
        set(Int32(RLIMIT_CPU.rawValue), cpuSeconds, cpuSeconds + 5)
        set(Int32(RLIMIT_CORE.rawValue), 0, 0)
        // Below the server in the scheduler's eyes: OCR on both cores must not slow the pages everyone else reads.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        // No file it writes (a converted document, a rendered page) may be larger than this.
        set(Int32(RLIMIT_FSIZE.rawValue), max(256 * 1024 * 1024, min(maxBytes, 1 << 30) * 8), max(256 * 1024 * 1024, min(maxBytes, 1 << 30) * 8))
        guard signalHandlers else { return }
        for sig in [SIGALRM, SIGXCPU, SIGTERM, SIGHUP] {
            signal(sig) { _ in _exit(75) }
        }
        alarm(UInt32(max(1, min(wallSeconds, 86_400))))
        #endif
    }
}
