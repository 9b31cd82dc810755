import Foundation

/// Set from another thread to stop a running program (the client left, the server is stopping).
public final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    public init() {}
    public func cancel() { lock.lock(); cancelled = true; lock.unlock() }
    public var isCancelled: Bool { lock.lock(); defer { lock.unlock() }; return cancelled }
}

/// Runs an outside program (pdftotext …) with a time limit, reading both its output streams as they
/// come so that neither pipe can fill up and stall it, and keeping at most `maxOutput` bytes of each.
public enum ExternalTool {
    struct Result {
        let status: Int32
        let output: Data
        let errors: Data
        let timedOut: Bool
        let truncated: Bool
        var killedBySignal = false
    }

    static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval, maxOutput: Int,
                    environment: [String: String] = [:], input: FileHandle? = nil,
                    cancellation: CancellationFlag? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input ?? FileHandle.nullDevice
        try process.run()

        final class Collector: @unchecked Sendable {
            let lock = NSLock()
            var data = Data()
            var truncated = false
            let limit: Int
            init(limit: Int) { self.limit = limit }
            func append(_ chunk: Data) {
                lock.lock(); defer { lock.unlock() }
                if data.count + chunk.count > limit { truncated = true; data.append(chunk.prefix(max(0, limit - data.count))) }
                else { data.append(chunk) }
            }
        }
        let output = Collector(limit: maxOutput), errors = Collector(limit: 64 * 1024)
        let group = DispatchGroup()
        for (pipe, collector, stopsTool) in [(out, output, true), (err, errors, false)] {
            group.enter()
            DispatchQueue.global().async {
                let handle = pipe.fileHandleForReading
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    collector.append(chunk)
                    // Past the output limit the program is stopped; more of its errors are just dropped.
                    if stopsTool && collector.truncated { stop(process) }
                }
                group.leave()
            }
        }
        // Waits in short slices so that a cancellation stops the program within a fraction of a second.
        let deadline = Date().addingTimeInterval(timeout)
        var finished = false
        while !finished, Date() < deadline, !(cancellation?.isCancelled ?? false) {
            finished = group.wait(timeout: .now() + min(0.1, max(0.001, deadline.timeIntervalSinceNow))) == .success
        }
        if !finished {
            // SIGKILL: a stuck converter gets no say (SIGTERM may be blocked in what it inherited from us).
            stop(process)
        }
        process.waitUntilExit()
        if !finished { _ = group.wait(timeout: .now() + 5) } // the readers see the pipes close once the program is gone
        return Result(status: process.terminationStatus, output: output.data, errors: errors.data, timedOut: !finished,
                      truncated: output.truncated, killedBySignal: process.terminationReason == .uncaughtSignal)
    }

    /// SIGKILL to the program and its process group: Foundation starts each program as the leader of a group of its
    /// own, and a child it started (a shell's command) would otherwise hold the pipes open, and `waitUntilExit` with them.
    static func stop(_ process: Process) {
        let pid = process.processIdentifier
        guard pid > 0 else { return }
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
    }

    /// The first of the usual install places (then `extra`, full paths) that holds `name` as an executable. The one
    /// lookup for every outside tool, in the server and in the tests that need one.
    public static func find(_ name: String, extra: [String] = []) -> String? {
        (["/usr/bin/", "/usr/local/bin/", "/opt/homebrew/bin/"].map { $0 + name } + extra).first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `body` with a new folder only this user can open, removed afterwards whatever happens.
    static func withPrivateFolder<T>(_ prefix: String, _ body: (URL) throws -> T) throws -> T {
        let fm = FileManager.default
        let folder = fm.temporaryDirectory.appendingPathComponent("cchc-\(prefix)-\(UUID().uuidString)")
        do {
            try fm.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw PlanImportError.unreadable("không tạo được thư mục tạm để đọc tệp.")
        }
        defer { try? fm.removeItem(at: folder) }
        return try body(folder)
    }
}
