import Foundation

/// Reads an untrusted plan document in a child process — the `cchc` binary itself, as `cchc parse-document` — so
/// that a file made to crash the reader, to fill memory or to run for ever costs that child and nothing else.
///
/// The child sets its own limits before it reads anything (address space, CPU time, file size, no core dumps; see
/// `PlanImportWorker`), which the outside tools it starts (LibreOffice, antiword, pdftotext, pdftocairo, pdftoppm,
/// Tesseract) inherit. Where the system allows it, the child runs in network and process namespaces of its own
/// (`unshare`): the converters cannot reach any address (a document that links a URL cannot make the server fetch
/// it), and killing the child kills every tool it started. The parent keeps the wall clock and the output size.
public struct ImportSandbox: Sendable {
    public struct Limits: Sendable, Equatable {
        /// Address space of the child and of each tool it starts (LibreOffice needs about 600 MB of it to start).
        public var memoryMB: Int
        /// CPU time of the child and of each tool it starts.
        public var cpuSeconds: Int
        /// Wall clock for the whole reading, from the start of the child to its answer.
        public var wallSeconds: Int

        public init(memoryMB: Int = 1024, cpuSeconds: Int = 120, wallSeconds: Int = 150) {
            self.memoryMB = memoryMB
            self.cpuSeconds = cpuSeconds
            self.wallSeconds = wallSeconds
        }
    }

    /// The program that reads (`cchc`), and what it is started under (`unshare …`, or nothing).
    public let worker: String
    public let isolation: [String]
    public let limits: Limits

    public init(worker: String, isolation: [String], limits: Limits) {
        self.worker = worker
        self.isolation = isolation
        self.limits = limits
    }

    /// The first way of isolating a child that works here, tried once: new network and PID namespaces as root, the same
    /// inside a new user namespace otherwise; none where neither is allowed (a container without the right).
    public static let availableIsolation: [String] = {
        guard let unshare = ExternalTool.find("unshare") else { return [] }
        let common = ["--net", "--pid", "--fork", "--kill-child"]
        for extra in [[], ["--user", "--map-root-user"]] {
            let prefix = [unshare] + extra + common
            if let result = try? ExternalTool.run(prefix[0], Array(prefix.dropFirst()) + ["/bin/true"], timeout: 10, maxOutput: 4096),
               result.status == 0 {
                return prefix
            }
        }
        return []
    }()

    /// The `cchc` binary next to the running program: the program itself when it is `cchc`, its sibling otherwise (the
    /// test runner in `.build/debug`).
    public static func defaultWorker() -> String? {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? ""
        let url = URL(fileURLWithPath: me)
        if url.lastPathComponent == "cchc" { return url.path }
        let sibling = url.deletingLastPathComponent().appendingPathComponent("cchc").path
        return FileManager.default.isExecutableFile(atPath: sibling) ? sibling : nil
    }

    /// Reads `data` (a file named `filename`) in a child; the plan, or the reason it could not be read.
    public func importData(_ data: Data, filename: String, maxBytes: Int, cancellation: CancellationFlag? = nil) throws -> Plan {
        try withFile(data, filename: filename, maxBytes: maxBytes, extensions: PlanImporter.supportedExtensions) { path in
            try importFile(at: path, maxBytes: maxBytes, cancellation: cancellation)
        }
    }

    /// Reads `data` as a contest's question bank in a child: the questions and the problems found, by question number.
    public func importBank(_ data: Data, filename: String, maxBytes: Int, cancellation: CancellationFlag? = nil) throws -> QuestionBankFile.Read {
        try withFile(data, filename: filename, maxBytes: maxBytes, extensions: QuestionBankFile.supportedExtensions) { path in
            let reply = try run(path: path, maxBytes: maxBytes, extra: ["--bank"], cancellation: cancellation)
            if let bank = reply.bank { return bank }
            throw reply.error ?? PlanImportError.unreadable("trình đọc không trả lời.")
        }
    }

    /// Reads the file at `path` in a child.
    public func importFile(at path: String, maxBytes: Int, cancellation: CancellationFlag? = nil) throws -> Plan {
        let reply = try run(path: path, maxBytes: maxBytes, extra: [], cancellation: cancellation)
        if let plan = reply.plan { return plan }
        throw reply.error ?? PlanImportError.unreadable("trình đọc không trả lời.")
    }

    private func withFile<T>(_ data: Data, filename: String, maxBytes: Int, extensions: [String], _ body: (String) throws -> T) throws -> T {
        guard !data.isEmpty else { throw PlanImportError.empty }
        guard data.count <= maxBytes else { throw PlanImportError.tooLarge(bytes: data.count, limit: maxBytes) }
        let ext = (filename as NSString).pathExtension.lowercased()
        guard extensions.contains(ext) else { throw PlanImportError.unsupportedFormat(ext) }
        return try ExternalTool.withPrivateFolder("import") { folder in
            let file = folder.appendingPathComponent("upload." + ext)
            do { try data.write(to: file) } catch { throw PlanImportError.unreadable("không ghi được tệp tạm để đọc.") }
            return try body(file.path)
        }
    }

    /// Runs the child on `path`; its reply (which holds the reader's own refusal, if any).
    private func run(path: String, maxBytes: Int, extra: [String], cancellation: CancellationFlag?) throws -> PlanImportWorker.Reply {
        let arguments = Array(isolation.dropFirst()) + [worker, PlanImportWorker.command, path,
                                                        "--memory-mb", "\(limits.memoryMB)", "--cpu-seconds", "\(limits.cpuSeconds)",
                                                        "--wall-seconds", "\(limits.wallSeconds)", "--max-bytes", "\(maxBytes)"] + extra
        let result: ExternalTool.Result
        do {
            // The answer is the plan as JSON: a plan at the form limits is well under 64 MB.
            result = try ExternalTool.run(isolation.first ?? worker, isolation.isEmpty ? Array(arguments.dropFirst()) : arguments,
                                          timeout: TimeInterval(limits.wallSeconds) + 5, maxOutput: 64 * 1024 * 1024,
                                          cancellation: cancellation)
        } catch {
            throw PlanImportError.toolMissing("Không khởi động được trình đọc văn bản (\(worker)).")
        }
        if cancellation?.isCancelled == true { throw PlanImportError.unreadable("việc đọc tệp đã bị hủy.") }
        if result.timedOut {
            throw PlanImportError.unreadable("đọc tệp quá \(limits.wallSeconds) giây nên đã bị dừng; hãy gửi tệp .docx hoặc PDF có lớp chữ, ít trang hơn.")
        }
        if result.truncated { throw PlanImportError.unreadable("kết quả đọc tệp vượt giới hạn.") }
        if let reply = try? JSONDecoder().decode(PlanImportWorker.Reply.self, from: result.output), reply.plan != nil || reply.bank != nil || reply.error != nil {
            if let error = reply.error { throw error }
            return reply
        }
        // No answer: the child was stopped by a limit or crashed on the file.
        throw PlanImportError.unreadable("trình đọc dừng giữa chừng (vượt giới hạn \(limits.memoryMB) MB bộ nhớ hoặc \(limits.cpuSeconds) giây "
                                         + "xử lý, hoặc tệp bị hỏng có chủ ý). Không có gì được lưu.")
    }
}
