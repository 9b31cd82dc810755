import App
import AsyncHTTPClient
import Foundation
import Histogram
import Vapor

// Load benchmark: concurrent writers and readers against a real server on a loopback port, then a
// check that every acknowledged write is stored; and the national registry CSV import.
//
//   load-bench [--seconds 30] [--writers 8] [--readers 8]     (SQLite file in a temp folder, or DATABASE_URL)
//   load-bench import [--provinces 34 --communes 3321]         (times a national-size CSV import)
//   load-bench registry                                        (registry pages and pickers over the national registry)
//   load-bench plans                                           (a 60-task plan with 500 assignments: its page, timeline …)
//   load-bench hostile [--seconds 60] [--writers 8]            (parallel hostile imports beside page traffic: p50/p99, RSS)

struct Options {
    var mode = "load"
    var seconds = 30
    var writers = 8
    var readers = 8
    var provinces = 34
    var communes = 3321

    init(_ args: [String]) {
        var i = 0
        while i < args.count {
            let next = i + 1 < args.count ? Int(args[i + 1]) : nil
            switch args[i] {
            case "import": mode = "import"
            case "registry": mode = "registry"
            case "plans": mode = "plans"
            case "hostile": mode = "hostile"
            case "--seconds": seconds = next ?? seconds; i += 1
            case "--writers": writers = next ?? writers; i += 1
            case "--readers": readers = next ?? readers; i += 1
            case "--provinces": provinces = next ?? provinces; i += 1
            case "--communes": communes = next ?? communes; i += 1
            default: break
            }
            i += 1
        }
    }
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let env = ProcessInfo.processInfo.environment
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-bench-\(UUID().uuidString.prefix(8))")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
var config: AppConfig
if let url = env["DATABASE_URL"], !url.isEmpty {
    config = AppConfig(database: .postgres(url: url, schema: nil))
} else {
    config = AppConfig(database: .sqliteFile(path: folder.appendingPathComponent("bench.sqlite").path))
}
config.hostname = "127.0.0.1"
config.port = 0
config.demoAdminPassword = "bench-mat-khau-2026"

var environment = Environment(name: "production", arguments: ["load-bench"])
try LoggingSystem.bootstrap(from: &environment) { _ in { label in
    var h = StreamLogHandler.standardError(label: label)
    h.logLevel = .error
    return h
} }
let app = try await Application.make(environment)
try await configure(app, config: config)
try await BenchmarkSupport.prepare(app)
let database = config.database == .sqliteMemory ? "?" : (env["DATABASE_URL"].map { _ in "PostgreSQL" } ?? "SQLite (WAL, synchronous=FULL)")

func ms(_ nanos: UInt64) -> String { String(format: "%.1f ms", Double(nanos) / 1_000_000) }

/// The national registry: provinces, ~20 departments each, communes with two offices each.
func nationalCSV(_ options: Options) -> (csv: String, count: Int) {
    var lines = ["ma,ten,loai,cap,ma_don_vi_cha,ten_goi_khac"]
    let perProvince = options.communes / options.provinces
    var count = 0
    for p in 0..<options.provinces {
        lines.append("T\(p),Ủy ban nhân dân tỉnh số \(p),committee,province,,UBND tỉnh \(p)|Tỉnh \(p)")
        for d in 0..<20 { lines.append("T\(p)-S\(d),Sở số \(d) tỉnh \(p),department,province,T\(p),Sở \(d) T\(p)") }
        count += 21
        let communes = p == options.provinces - 1 ? options.communes - perProvince * (options.provinces - 1) : perProvince
        for c in 0..<communes {
            lines.append("T\(p)-X\(c),Ủy ban nhân dân xã số \(c) tỉnh \(p),committee,commune,T\(p),UBND xã \(c)")
            lines.append("T\(p)-X\(c)-VP,Văn phòng HĐND và UBND xã số \(c),office,commune,T\(p)-X\(c),")
            lines.append("T\(p)-X\(c)-VH,Phòng Văn hóa - Xã hội xã số \(c),office,commune,T\(p)-X\(c),")
            count += 3
        }
    }
    return (lines.joined(separator: "\n"), count)
}

if options.mode == "import" {
    let (csv, count) = nationalCSV(options)
    let before = try await BenchmarkSupport.unitCount(on: app)
    let started = Date()
    let figures = try await BenchmarkSupport.importUnits(csv, on: app)
    let total = Date().timeIntervalSince(started)
    let again = Date()
    let second = try await BenchmarkSupport.importUnits(csv, on: app)
    let totalUpdate = Date().timeIntervalSince(again)
    print("database: \(database)")
    print("CSV: \(count) units, \(csv.utf8.count / 1024) KB; registry before: \(before) units")
    print(String(format: "first import:  %d created, %d errors, %.2f s in all, write lock held %.2f s", figures.created, figures.errors.count, total, figures.writeSeconds))
    print(String(format: "second import: %d updated, %d errors, %.2f s in all, write lock held %.2f s", second.updated, second.errors.count, totalUpdate, second.writeSeconds))
    try await app.asyncShutdown()
    try? FileManager.default.removeItem(at: folder)
    exit(figures.errors.isEmpty && second.errors.isEmpty ? 0 : 1)
}

func startServer(_ app: Application) async throws {
    try await app.asyncBoot()
    try await app.server.start(address: .hostname("127.0.0.1", port: 0))
}
func stopServer(_ app: Application) async {
    await app.server.shutdown()
}
try await startServer(app)
guard let port = app.http.server.shared.localAddress?.port else { print("the server did not bind a port"); exit(2) }
let base = "http://127.0.0.1:\(port)"
var clientConfig = HTTPClient.Configuration()
clientConfig.redirectConfiguration = .disallow
clientConfig.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: options.writers + options.readers + 4)
let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfig)

/// A signed-in browser: its cookie and CSRF token.
struct Session: Sendable {
    let cookie: String
    let csrf: String
}

func value(of name: String, in response: HTTPClientResponse) -> String? {
    for header in response.headers[.setCookie] {
        let first = header.split(separator: ";").first ?? ""
        let parts = first.split(separator: "=", maxSplits: 1)
        if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name { return String(parts[1]) }
    }
    return nil
}

func csrf(in body: String) -> String? {
    guard let r = body.range(of: #"name="_csrf" value=""#) else { return nil }
    return String(body[r.upperBound...].prefix(while: { $0 != "\"" }))
}

func text(_ response: HTTPClientResponse) async throws -> String {
    String(buffer: try await response.body.collect(upTo: 4 * 1024 * 1024))
}

func login(_ username: String, password: String) async throws -> Session {
    let page = try await client.execute(HTTPClientRequest(url: base + "/login"), timeout: .seconds(30))
    guard let anon = value(of: "cchc_csrf", in: page), let token = csrf(in: try await text(page)) else { throw Abort(.internalServerError) }
    var post = HTTPClientRequest(url: base + "/login")
    post.method = .POST
    post.headers.add(name: .cookie, value: "cchc_csrf=\(anon)")
    post.headers.add(name: .contentType, value: "application/x-www-form-urlencoded")
    post.body = .bytes(ByteBuffer(string: "username=\(username)&password=\(password)&_csrf=\(token)"))
    let res = try await client.execute(post, timeout: .seconds(30))
    _ = try await text(res)
    guard let session = value(of: "cchc_session", in: res) else { throw Abort(.unauthorized) }
    var home = HTTPClientRequest(url: base + "/account")
    home.headers.add(name: .cookie, value: "cchc_session=\(session)")
    let page2 = try await client.execute(home, timeout: .seconds(30))
    guard let sessionCSRF = csrf(in: try await text(page2)) else { throw Abort(.internalServerError) }
    return Session(cookie: session, csrf: sessionCSRF)
}

/// Median and p90 of 50 GETs of each page (after 5 to warm up), one client, printed as table rows.
func measure(_ pages: [(String, String)], session: Session) async throws {
    for (label, path) in pages {
        var h = Histogram<UInt64>(highestTrackableValue: 60_000_000_000)
        var size = 0
        for i in 0..<55 {
            var req = HTTPClientRequest(url: base + path)
            req.headers.add(name: .cookie, value: "cchc_session=\(session.cookie)")
            let t0 = DispatchTime.now().uptimeNanoseconds
            let res = try await client.execute(req, timeout: .seconds(60))
            let body = try await res.body.collect(upTo: 16 * 1024 * 1024)
            if i >= 5 { _ = h.record(DispatchTime.now().uptimeNanoseconds - t0) }
            size = body.readableBytes
            if res.status != .ok { print("\(path): \(res.status)") }
        }
        print("| \(label) | \(ms(h.valueAtPercentile(50))) | \(ms(h.valueAtPercentile(90))) | \(size / 1024) KB |")
    }
}

if options.mode == "hostile" {
    let files = HostileImports.files()
    guard files.count > 2 else { print("run from the repository folder: the fixtures are read from Tests/DomainTests/Fixtures"); exit(2) }
    let session = try await login("admin", password: config.demoAdminPassword)
    let (statuses, pages, reference) = try await HostileImports.run(client: client, base: base, cookie: session.cookie, csrf: session.csrf,
                                                                     files: files, writers: options.writers, seconds: options.seconds)
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let peak = status.split(separator: "\n").first { $0.hasPrefix("VmHWM") }.map { $0.filter(\.isNumber) }.flatMap { Int($0) } ?? 0
    print("database: \(database); \(options.writers) clients posting hostile imports for \(options.seconds) s beside one client reading pages")
    print("import answers by status: " + statuses.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
    print("pages (/plans, /, /plans/import): \(pages.totalCount) requests, p50 \(ms(pages.valueAtPercentile(50))), p99 \(ms(pages.valueAtPercentile(99)))")
    print("reference GET /healthz: p50 \(ms(reference.valueAtPercentile(50))), p99 \(ms(reference.valueAtPercentile(99)))")
    print(String(format: "ratio p99 pages / p99 reference: %.1f", Double(pages.valueAtPercentile(99)) / Double(max(1, reference.valueAtPercentile(99)))))
    print("server peak RSS: \(peak / 1024) MB (the readers' children are separate processes)")
    try await client.shutdown().get()
    await stopServer(app)
    try await app.asyncShutdown()
    try? FileManager.default.removeItem(at: folder)
    exit(pages.valueAtPercentile(99) < 300_000_000 && peak < 500 * 1024 ? 0 : 1)
}

if options.mode == "plans" {
    let (planID, assignments) = try await BenchmarkSupport.issuedPlan(tasks: 60, assignments: 500, on: app)
    let session = try await login("admin", password: config.demoAdminPassword)
    let pages: [(String, String)] = [
        ("trang kế hoạch", "/plans/\(planID)"),
        ("tiến độ (timeline)", "/plans/\(planID)/timeline"),
        ("danh sách kế hoạch", "/plans"),
        ("tìm trong kế hoạch và nhiệm vụ", "/plans?q=tuyen+truyen"),
        ("đơn vị trong bảng nhiệm vụ", "/plans/\(planID)/units"),
        ("tải JSON", "/plans/\(planID)/export.json"),
        ("tải Word", "/plans/\(planID)/export.docx"),
        ("tổng hợp năm (toàn tỉnh)", "/rollup?year=2026"),
    ]
    print("database: \(database); plan of 60 tasks, \(assignments) assignments; median and p90 of 50 requests, one client")
    print("| trang | trung vị | p90 | cỡ |")
    print("|---|---|---|---|")
    try await measure(pages, session: session)
    try await client.shutdown().get()
    await stopServer(app)
    try await app.asyncShutdown()
    try? FileManager.default.removeItem(at: folder)
    exit(0)
}

if options.mode == "registry" {
    let (csv, count) = nationalCSV(options)
    _ = try await BenchmarkSupport.importUnits(csv, on: app)
    let session = try await login("admin", password: config.demoAdminPassword)
    let ids = try await BenchmarkSupport.unitIDs(codes: ["T0", "T0-X0", "T17-S3", "T33-X50"], on: app)
    let group = try await BenchmarkSupport.anyGroupID(on: app)
    let pages: [(String, String)] = [
        ("cây gốc (34 tỉnh)", "/units"),
        ("một tỉnh (20 sở + 97 xã)", "/units?parent=\(ids[0])"),
        ("một xã (2 văn phòng)", "/units?parent=\(ids[1])"),
        ("lọc: cấp xã, trang 20", "/units?level=commune&page=20"),
        ("một tỉnh ngày 01/03/2025", "/units?parent=\(ids[0])&date=2025-03-01"),
        ("tìm \"van phong\" mọi thời kỳ", "/units/search?q=van+phong&period=all"),
        ("tìm \"van phong\"", "/units/search?q=van+phong"),
        ("tìm theo mã \"T17-S3\"", "/units/search?q=T17-S3"),
        ("trang đơn vị", "/units/\(ids[2])"),
        ("sửa đơn vị (ô chọn cấp trên)", "/units/\(ids[3])/edit"),
        ("thêm đơn vị", "/units/new"),
        ("tạo tài khoản (ô chọn đơn vị)", "/users/new"),
        ("danh sách tài khoản", "/users"),
        ("nhật ký", "/audit"),
        ("nhóm đơn vị", "/groups/\(group)"),
        ("tổng quan", "/"),
    ]
    print("database: \(database); registry of \(count + 137) units; median and p90 of 50 requests, one client")
    print("| trang | trung vị | p90 | cỡ |")
    print("|---|---|---|---|")
    try await measure(pages, session: session)
    // The picker: a typed name that matches many units comes back as choices.
    var h = Histogram<UInt64>(highestTrackableValue: 60_000_000_000)
    for i in 0..<55 {
        var post = HTTPClientRequest(url: base + "/units")
        post.method = .POST
        post.headers.add(name: .cookie, value: "cchc_session=\(session.cookie)")
        post.headers.add(name: .contentType, value: "application/x-www-form-urlencoded")
        post.body = .bytes(ByteBuffer(string: "code=BENCH-X&name=Th%E1%BB%AD&kind=office&level=commune&parentQuery=van+phong+xa+so+1&_csrf=\(session.csrf)"))
        let t0 = DispatchTime.now().uptimeNanoseconds
        let res = try await client.execute(post, timeout: .seconds(60))
        _ = try await res.body.collect(upTo: 16 * 1024 * 1024)
        if i >= 5 { _ = h.record(DispatchTime.now().uptimeNanoseconds - t0) }
    }
    print("| ô chọn đơn vị: gõ tên khớp nhiều đơn vị | \(ms(h.valueAtPercentile(50))) | \(ms(h.valueAtPercentile(90))) | |")
    // A registry with moves: ten communes of each other province moved under T0 on 01/07/2025. The children of a
    // province on a date before the moves come from the placements; after them, from the parent index.
    let perProvince = options.communes / options.provinces
    let codes = (1..<options.provinces).flatMap { p in (0..<min(10, perProvince)).map { "T\(p)-X\($0)" } }
    let movedAt = Date()
    let moved = try await BenchmarkSupport.move(codes: codes, under: "T0", effectiveYear: 2025, month: 7, day: 1, on: app)
    print(String(format: "moved %d communes in %.1f s; the same pages with the moves recorded:", moved, Date().timeIntervalSince(movedAt)))
    let t1 = try await BenchmarkSupport.unitIDs(codes: ["T1"], on: app)[0]
    try await measure([
        ("cây gốc (34 tỉnh)", "/units"),
        ("T0 hôm nay (97 + \(moved) xã chuyển đến)", "/units?parent=\(ids[0])"),
        ("T0 ngày 01/03/2025 (trước khi chuyển)", "/units?parent=\(ids[0])&date=2025-03-01"),
        ("T1 ngày 01/03/2025 (còn 10 xã sau này chuyển đi)", "/units?parent=\(t1)&date=2025-03-01"),
        ("T1 hôm nay", "/units?parent=\(t1)"),
    ], session: session)
    try await client.shutdown().get()
    await stopServer(app)
    try await app.asyncShutdown()
    try? FileManager.default.removeItem(at: folder)
    exit(0)
}

let units = try await BenchmarkSupport.unitIDs(max(options.writers, 1), on: app)
var writerSessions: [Session] = []
for _ in 0..<options.writers { writerSessions.append(try await login("admin", password: config.demoAdminPassword)) }
let readerSession = try await login("admin", password: config.demoAdminPassword)
let deadline = Date().addingTimeInterval(TimeInterval(options.seconds))

struct Tally: Sendable {
    var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000_000)
    var ok = 0
    var errors: [UInt] = []
    var lastAcknowledged: String?
    var acknowledged: [String] = []
}

let started = Date()
let (writes, reads) = try await withThrowingTaskGroup(of: (Bool, Int, Tally).self) { group in
    for w in 0..<options.writers {
        let session = writerSessions[w], unit = units[w % units.count]
        group.addTask {
            var tally = Tally()
            var n = 0
            while Date() < deadline {
                n += 1
                let phone = "0299 \(w) \(n)"
                var req = HTTPClientRequest(url: base + "/units/\(unit)/contact")
                req.method = .POST
                req.headers.add(name: .cookie, value: "cchc_session=\(session.cookie)")
                req.headers.add(name: .contentType, value: "application/x-www-form-urlencoded")
                req.body = .bytes(ByteBuffer(string: "phone=\(phone.replacingOccurrences(of: " ", with: "+"))&_csrf=\(session.csrf)"))
                let t0 = DispatchTime.now().uptimeNanoseconds
                do {
                    let res = try await client.execute(req, timeout: .seconds(60))
                    _ = try await res.body.collect(upTo: 1024 * 1024)
                    _ = tally.histogram.record(DispatchTime.now().uptimeNanoseconds - t0)
                    if res.status == .seeOther { tally.ok += 1; tally.lastAcknowledged = phone; tally.acknowledged.append(phone) }
                    else { tally.errors.append(res.status.code) }
                } catch {
                    tally.errors.append(0)
                }
            }
            return (true, w, tally)
        }
    }
    for r in 0..<options.readers {
        group.addTask {
            var tally = Tally()
            var i = r
            while Date() < deadline {
                i += 1
                var req = HTTPClientRequest(url: base + "/units/\(units[i % units.count])")
                req.headers.add(name: .cookie, value: "cchc_session=\(readerSession.cookie)")
                let t0 = DispatchTime.now().uptimeNanoseconds
                do {
                    let res = try await client.execute(req, timeout: .seconds(60))
                    _ = try await res.body.collect(upTo: 4 * 1024 * 1024)
                    _ = tally.histogram.record(DispatchTime.now().uptimeNanoseconds - t0)
                    if res.status == .ok { tally.ok += 1 } else { tally.errors.append(res.status.code) }
                } catch {
                    tally.errors.append(0)
                }
            }
            return (false, r, tally)
        }
    }
    var writes: [(Int, Tally)] = [], reads: [Tally] = []
    for try await (isWriter, index, tally) in group {
        if isWriter { writes.append((index, tally)) } else { reads.append(tally) }
    }
    return (writes, reads)
}
let elapsed = Date().timeIntervalSince(started)

var missing = 0
for (w, tally) in writes {
    let stored = try await BenchmarkSupport.phone(of: units[w % units.count], on: app)
    if let last = tally.lastAcknowledged, stored != last { missing += 1; print("writer \(w): last acknowledged \(last), stored \(stored ?? "nil")") }
}
let audited = Set(try await BenchmarkSupport.auditedPhones(on: app))
let acknowledged = writes.flatMap { $0.1.acknowledged }
let unaudited = acknowledged.filter { !audited.contains($0) }.count

func merged(_ tallies: [Tally]) -> Tally {
    var all = Tally()
    for t in tallies { all.histogram.add(t.histogram); all.ok += t.ok; all.errors += t.errors }
    return all
}
let w = merged(writes.map(\.1)), r = merged(reads)
print("database: \(database); \(options.writers) writers, \(options.readers) readers, \(String(format: "%.1f", elapsed)) s")
print(String(format: "writes: %d ok, %.0f/s, p50 %@, p99 %@, max %@, errors %d %@", w.ok, Double(w.ok) / elapsed,
             ms(w.histogram.valueAtPercentile(50)), ms(w.histogram.valueAtPercentile(99)), ms(w.histogram.maxRecorded),
             w.errors.count, w.errors.isEmpty ? "" : "\(Dictionary(grouping: w.errors, by: { $0 }).mapValues(\.count))"))
print(String(format: "reads:  %d ok, %.0f/s, p50 %@, p99 %@, max %@, errors %d %@", r.ok, Double(r.ok) / elapsed,
             ms(r.histogram.valueAtPercentile(50)), ms(r.histogram.valueAtPercentile(99)), ms(r.histogram.maxRecorded),
             r.errors.count, r.errors.isEmpty ? "" : "\(Dictionary(grouping: r.errors, by: { $0 }).mapValues(\.count))"))
print("acknowledged writes: \(acknowledged.count); missing from the units: \(missing); missing from the audit log: \(unaudited)")
try await client.shutdown().get()
await stopServer(app)
try await app.asyncShutdown()
try? FileManager.default.removeItem(at: folder)
exit(w.errors.isEmpty && r.errors.isEmpty && missing == 0 && unaudited == 0 ? 0 : 1)
