import AsyncHTTPClient
import Foundation
import Histogram
import NIOCore

/// `load-bench hostile`: `writers` clients post hostile plan files to the import page in a loop for `seconds`, while
/// one client reads pages and the cheapest GET (`/healthz`, the reference).
enum HostileImports {
    final class Counts: @unchecked Sendable {
        let lock = NSLock()
        var statuses: [UInt: Int] = [:]
        func add(_ s: UInt) { lock.lock(); statuses[s, default: 0] += 1; lock.unlock() }
    }

    /// Files that cost the reader most: scans to recognise, documents for antiword or LibreOffice, PDFs with text, a
    /// comment flood; read from the repository's fixtures (the program runs from the source folder).
    static func files() -> [(String, Data)] {
        let fixtures = "Tests/DomainTests/Fixtures/"
        var files: [(String, Data)] = []
        for name in ["scanned/000_exported.scanned.pdf", "scanned/commune_time_first_narrow.scanned.pdf", "pdf-tables/district_five_columns.doc",
                     "000_exported.pdf", "phu_tam_2025.html"] {
            if let data = FileManager.default.contents(atPath: fixtures + name) { files.append(((name as NSString).lastPathComponent, data)) }
        }
        files.append(("chu-thich.html", Data(("<p>KẾ HOẠCH</p>" + String(repeating: "<!--", count: 200_000)).utf8)))
        return files
    }

    static func run(client: HTTPClient, base: String, cookie: String, csrf: String, files: [(String, Data)], writers: Int,
                    seconds: Int) async throws -> (statuses: [UInt: Int], pages: Histogram<UInt64>, reference: Histogram<UInt64>) {
        let deadline = Date().addingTimeInterval(TimeInterval(seconds))
        let counts = Counts()
        @Sendable func get(_ path: String) async throws -> UInt64 {
            var req = HTTPClientRequest(url: base + path)
            req.headers.add(name: "Cookie", value: "cchc_session=\(cookie)")
            let t0 = DispatchTime.now().uptimeNanoseconds
            let res = try await client.execute(req, timeout: .seconds(60))
            _ = try await res.body.collect(upTo: 16 * 1024 * 1024)
            return DispatchTime.now().uptimeNanoseconds - t0
        }
        let (pages, reference) = try await withThrowingTaskGroup(of: (Histogram<UInt64>, Histogram<UInt64>)?.self) { group in
            for w in 0..<writers {
                group.addTask {
                    var i = w
                    while Date() < deadline {
                        let (name, data) = files[i % files.count]
                        i += 1
                        var body = ByteBuffer()
                        body.writeString("--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n")
                        body.writeString("--b\r\nContent-Disposition: form-data; name=\"unit\"\r\n\r\nST-CTH\r\n")
                        body.writeString("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\n\r\n")
                        body.writeBytes(data)
                        body.writeString("\r\n--b--\r\n")
                        var post = HTTPClientRequest(url: base + "/plans/import")
                        post.method = .POST
                        post.headers.add(name: "Cookie", value: "cchc_session=\(cookie)")
                        post.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=b")
                        post.body = .bytes(body)
                        let res = try await client.execute(post, timeout: .seconds(300))
                        _ = try await res.body.collect(upTo: 16 * 1024 * 1024)
                        counts.add(res.status.code)
                    }
                    return nil
                }
            }
            group.addTask {
                var pages = Histogram<UInt64>(highestTrackableValue: 60_000_000_000)
                var reference = Histogram<UInt64>(highestTrackableValue: 60_000_000_000)
                while Date() < deadline {
                    _ = reference.record(try await get("/healthz"))
                    for path in ["/plans", "/", "/plans/import"] { _ = pages.record(try await get(path)) }
                }
                return (pages, reference)
            }
            var out: (Histogram<UInt64>, Histogram<UInt64>)?
            for try await r in group { if let r { out = r } }
            return out ?? (Histogram<UInt64>(highestTrackableValue: 1), Histogram<UInt64>(highestTrackableValue: 1))
        }
        return (counts.statuses, pages, reference)
    }
}
