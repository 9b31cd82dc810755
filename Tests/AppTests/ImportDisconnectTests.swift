import Foundation
import Testing
import Vapor
import Domain
@testable import App
#if canImport(Glibc)
import Glibc
#endif

/// A client that leaves while its document is being read stops the reading: the child is killed (or leaves the queue)
/// within moments, not at the wall clock; a client that stays gets its answer.
@Suite struct ImportDisconnectTests {
    /// A multipart import sent on a raw socket, which the test closes without reading the answer.
    struct RawClient {
        let fd: Int32

        init(port: Int, request: [UInt8]) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw Abort(.internalServerError, reason: "socket") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port)).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { close(fd); throw Abort(.internalServerError, reason: "connect") }
            var sent = 0
            while sent < request.count {
                let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
                guard n > 0 else { close(fd); throw Abort(.internalServerError, reason: "send") }
                sent += n
            }
        }

        func leave() { close(fd) }
    }

    static func importRequest(_ b: Browser, filename: String, content: String) -> [UInt8] {
        let boundary = "cchc-raw-boundary-51"
        var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(b.csrf ?? "")\r\n"
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n"
        body += "Content-Type: application/octet-stream\r\n\r\n\(content)\r\n--\(boundary)--\r\n"
        let bytes = Array(body.utf8)
        let head = "POST /plans/import HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: \(b.cookieHeader ?? "")\r\n"
            + "Content-Type: multipart/form-data; boundary=\(boundary)\r\nContent-Length: \(bytes.count)\r\n\r\n"
        return Array(head.utf8) + bytes
    }

    /// Waits up to `seconds` for `condition`.
    static func eventually(_ seconds: Double, _ condition: () async -> Bool) async throws -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return await condition()
    }

    @Test func aClientThatLeavesStopsItsReadingAndItsPlaceInTheQueue() async throws {
        // A reader that would take 40 seconds; the wall clock is longer still.
        let worker = try HostileInputTests.fakeWorker("sleep 40")
        try await withTestApp(adjust: { $0.importWorker = worker; $0.importConcurrency = 1; $0.importQueue = 4; $0.importLimits.wallSeconds = 60 }) { app in
            let live = try await LiveServer.start(app)
            defer { Task { await live.stop() } }
            let reader = try #require(app.documentReader)
            var b = Browser(app)
            try await b.login("chauthanh.kehoach")
            try await b.get("/plans/import")
            let before = try await App.Plan.query(on: app.db).count()
            let request = Self.importRequest(b, filename: "kh.md", content: "KẾ HOẠCH\nTuyên truyền cải cách hành chính")
            // A busy server: the kernel's table of connections runs over several pages (it is read to its end).
            let idle = try (0..<80).map { _ in try RawClient(port: live.port, request: []) }
            defer { idle.forEach { $0.leave() } }
            let first = try RawClient(port: live.port, request: request)
            #expect(try await Self.eventually(10) { await reader.status.running == 1 })
            let second = try RawClient(port: live.port, request: request)
            #expect(try await Self.eventually(10) { await reader.status.waiting == 1 })

            // The waiting client leaves: its place goes; the reading goes on for the one still there.
            second.leave()
            #expect(try await Self.eventually(5) { await reader.status.waiting == 0 })
            #expect(await reader.status.running == 1)
            // The reading client leaves: the child is stopped long before its 40 seconds or the wall clock.
            let left = Date()
            first.leave()
            #expect(try await Self.eventually(5) { await reader.status == .init(running: 0, waiting: 0, slots: 1) })
            #expect(Date().timeIntervalSince(left) < 5)
            #expect(!Self.processRuns(worker))
            #expect(try await App.Plan.query(on: app.db).count() == before)
            #expect(try await b.get("/healthz").status == .ok)
        }
    }

    /// A client that waits for a slow reading (over several checks of its connection) gets the plan.
    @Test func aClientThatStaysGetsItsPlan() async throws {
        let real = try #require(ImportSandbox.defaultWorker())
        let worker = try HostileInputTests.fakeWorker("sleep 2\nexec \"\(real)\" \"$@\"")
        try await withTestApp(adjust: { $0.importWorker = worker }) { app in
            let live = try await LiveServer.start(app)
            defer { Task { await live.stop() } }
            var b = Browser(app)
            try await b.login("chauthanh.kehoach")
            try await b.get("/plans/import")
            b.live = live
            let before = try await App.Plan.query(on: app.db).count()
            let plan = "ỦY BAN NHÂN DÂN HUYỆN CHÂU THÀNH\n\nKẾ HOẠCH\nTuyên truyền cải cách hành chính năm 2026\n\n"
                + "| STT | Nội dung | Đơn vị chủ trì | Thời gian |\n|---|---|---|---|\n| 1 | Đăng tin cải cách hành chính | Phòng Nội vụ | Quý I |\n"
            let res = try await b.postMultipart("/plans/import", fileField: "file", filename: "kh.md", content: plan)
            #expect(res.status == .seeOther)
            #expect(try await App.Plan.query(on: app.db).count() == before + 1)
        }
    }

    /// Whether a process whose command line holds `marker` still runs.
    static func processRuns(_ marker: String) -> Bool {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return pids.contains { pid in
            guard Int(pid) != nil, let line = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")) else { return false }
            return String(decoding: line.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).contains(marker)
        }
    }
}
