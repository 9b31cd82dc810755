import Domain
import Fluent
import SQLKit
import Foundation
import Vapor

/// `cchc bench dashboards|reports|scoring [--database sqlite|postgres] [--scale national|province] [--requests 50]`: builds the
/// national dataset (`DashboardDataset`) in a fresh database, starts the server as its own process on it, and
/// measures through HTTP the province plan owner's roll-up and the national roll-up (median and p95), and the
/// server's memory. Prints one `name: value` line per figure. PostgreSQL: `DATABASE_URL` (default the local test
/// database), in a schema of its own that is dropped afterwards.
struct BenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "dashboards or reports")
        var what: String
        @Option(name: "database", help: "sqlite (default) or postgres")
        var database: String?
        @Option(name: "scale", help: "national (default) or province")
        var scale: String?
        @Option(name: "requests", help: "requests per page (default 50)")
        var requests: Int?
        @Option(name: "seconds", help: "survey-load: seconds of load per measurement (default 60)")
        var seconds: Int?
        @Option(name: "users", help: "contest-load: entrants of the launch burst (default 5000)")
        var users: Int?
        @Option(name: "driver", help: "contest-driver (run by contest-load): the load driver's options file")
        var driver: String?
        @Flag(name: "keep", help: "keep the SQLite file or the PostgreSQL schema (its name is printed)")
        var keep: Bool
        @Option(name: "reuse", help: "measure again on a SQLite file or PostgreSQL schema kept by --keep (no new dataset)")
        var reuse: String?
    }

    var help: String { "Đo tốc độ: cchc bench dashboards|reports|scoring [--database sqlite|postgres] [--scale national|province]; cchc bench survey-load [--database sqlite|postgres] [--seconds 60]; cchc bench contest-load [--database sqlite|postgres] [--users 5000] [--seconds 10]" }

    /// A benchmark's PostgreSQL database: `DATABASE_URL` (default the local test database) in schema `schema`, for
    /// this process and for the server it starts.
    static func postgres(schema: String, serverEnv: inout [String: String]) -> AppConfig {
        let url = ProcessInfo.processInfo.environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "postgres://cchc:cchc@127.0.0.1:5432/cchc_test?sslmode=disable"
        serverEnv["DATABASE_URL"] = url
        serverEnv["DATABASE_SCHEMA"] = schema
        return AppConfig(database: .postgres(url: url, schema: schema))
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        if signature.what == "survey-load" {
            return try await SurveyLoadBench.run(database: signature.database ?? "sqlite", seconds: max(5, signature.seconds ?? 60), context: context)
        }
        if signature.what == "contest-load" {
            return try await ContestLoadBench.run(database: signature.database ?? "sqlite", users: max(10, signature.users ?? 5_000),
                                                  seconds: max(3, signature.seconds ?? 10), context: context)
        }
        if signature.what == "contest-driver", let file = signature.driver { return try await ContestLoadDriver.run(optionsFile: file) }
        guard ["dashboards", "reports", "scoring"].contains(signature.what) else {
            throw CommandFailure("Chỉ có: cchc bench dashboards | reports | scoring | survey-load | contest-load")
        }
        let national = (signature.scale ?? "national") != "province"
        let requests = max(5, signature.requests ?? 50)
        let password = "bench-mat-khau-2026"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if !signature.keep { try? FileManager.default.removeItem(at: folder) } }
        var serverEnv = ["DEMO_PLANS": "0", "DEMO_RESTRUCTURING": "0", "DEMO_ADMIN_PASSWORD": password]
        let config: AppConfig
        var schema: String?
        switch signature.database ?? "sqlite" {
        case "sqlite":
            let path = signature.reuse ?? folder.appendingPathComponent("bench.sqlite").path
            if signature.reuse != nil, !FileManager.default.fileExists(atPath: path) { throw CommandFailure("không có tệp \(path)") }
            config = AppConfig(database: .sqliteFile(path: path))
            serverEnv["SQLITE_PATH"] = path
        case "postgres":
            let name = signature.reuse ?? "cchc_bench_" + UUID().uuidString.prefix(8).lowercased()
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
                throw CommandFailure("tên schema chỉ gồm chữ thường, số và _")
            }
            schema = name
            config = Self.postgres(schema: name, serverEnv: &serverEnv)
        default:
            throw CommandFailure("--database là sqlite hoặc postgres")
        }
        func say(_ name: String, _ value: String) { context.console.print("\(name): \(value)") }
        say("database", signature.database ?? "sqlite")
        if signature.keep, let path = serverEnv["SQLITE_PATH"] { say("sqlite_path", path) }
        if signature.keep, let schema { say("postgres_schema", schema) }
        say("scale", national ? "national" : "province")

        // 1. The dataset, written by an application of its own that stops before the server starts.
        var env = Environment(name: "production", arguments: ["bench"])
        env.arguments = ["bench"]
        let builder = try await Application.make(env)
        var figures = DashboardDataset.Figures()
        var provinceID: UUID?
        func generate() async throws {
            let today = builder.clock.today()
            figures = try await DashboardDataset.generate(provinces: national ? 34 : 1, communes: national ? 3321 : 98, today: today,
                                                          on: builder.db) { context.console.print("  " + $0) }
            // What autovacuum does on PostgreSQL a while after a bulk load: statistics for the planner.
            if schema != nil, let sql = builder.db as? any SQLDatabase { try await sql.raw("ANALYZE").run() }
            // The reminders the server's job would have sent as the year went by, all at once (measured: a first
            // run over a country's backlog), so that the server measured below serves pages, not a backlog.
            let started = Date()
            let reminders = try await ReminderService.run(today: today, now: Date(), on: builder.db)
            say("reminders_backlog", "\(reminders)")
            say("reminders_backlog_seconds", String(format: "%.1f", Date().timeIntervalSince(started)))
            let hash = try await AuthService.hash(password, cost: builder.config.bcryptCost)
            guard let first = try await Unit.query(on: builder.db).filter(\.$code == "T0").first() else { throw CommandFailure("no province") }
            try await User(username: "admin", passwordHash: hash, fullName: "Quản trị", role: .admin, unitID: try first.requireID()).create(on: builder.db)
            try await User(username: "tinh0.kehoach", passwordHash: hash, fullName: "Phụ trách kế hoạch tỉnh 0", role: .planOwner,
                           unitID: try first.requireID()).create(on: builder.db)
        }
        do {
            try await configure(builder, config: config)
            if let schema, let sql = builder.db as? any SQLDatabase { try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(unsafeRaw: schema)").run() }
            try await builder.autoMigrate()
            if signature.reuse != nil {
                figures = try await DashboardDataset.count(on: builder.db)
            } else {
                try await generate()
            }
            // The planner's statistics, as the server's jobs keep them on SQLite (PostgreSQL: ANALYZE above).
            try await SQLiteSetup.optimize(builder.db)
            provinceID = try await Unit.query(on: builder.db).filter(\.$code == "T0").first()?.id
        } catch {
            try? await builder.asyncShutdown()
            throw error
        }
        try await builder.asyncShutdown()
        say("units", "\(figures.units)")
        say("tasks", "\(figures.tasks)")
        say("assignments", "\(figures.assignments)")
        say("activities", "\(figures.activities)")
        say("generate_seconds", String(format: "%.0f", figures.seconds))
        func dropSchema() async throws {
            guard let schema, !signature.keep, signature.reuse == nil else { return }
            let cleaner = try await Application.make(env)
            try await configure(cleaner, config: config)
            if let sql = cleaner.db as? any SQLDatabase { try? await sql.raw("DROP SCHEMA IF EXISTS \(unsafeRaw: schema) CASCADE").run() }
            try await cleaner.asyncShutdown()
        }
        if signature.what == "scoring" {
            do {
                try await ScoringBench.run(env: env, config: config, requests: requests, say: say)
            } catch {
                try? await dropSchema()
                throw error
            }
            return try await dropSchema()
        }

        // 2. The server, as users run it: its own process, so that its memory is its own.
        let port = 18_000 + Int.random(in: 0..<2000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        server.arguments = ["serve", "--port", "\(port)", "--hostname", "127.0.0.1"]
        server.environment = ProcessInfo.processInfo.environment.merging(serverEnv) { _, new in new }
        let log = folder.appendingPathComponent("server.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        server.standardOutput = try FileHandle(forWritingTo: log)
        server.standardError = try FileHandle(forWritingTo: log)
        try server.run()
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }
        let base = "http://127.0.0.1:\(port)"
        // Logging in answers with a redirect whose cookie the next request must carry: redirects are not followed.
        context.application.http.client.configuration.redirectConfiguration = .disallow
        let client = context.application.client
        var up = false
        for _ in 0..<120 {
            if let res = try? await client.get(URI(string: base + "/healthz")), res.status == .ok { up = true; break }
            try await Task.sleep(nanoseconds: 500_000_000)
        }
        guard up else { throw CommandFailure("máy chủ không khởi động được; xem \(log.path)") }

        func cookie(_ name: String, in res: ClientResponse) -> String? {
            for header in res.headers[.setCookie] {
                let parts = (header.split(separator: ";").first ?? "").split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name { return String(parts[1]) }
            }
            return nil
        }
        func login(_ username: String) async throws -> String {
            let page = try await client.get(URI(string: base + "/login"))
            let body = page.body.map { String(buffer: $0) } ?? ""
            guard let anonymous = cookie("cchc_csrf", in: page), let r = body.range(of: #"name="_csrf" value=""#) else {
                throw CommandFailure("không mở được trang đăng nhập")
            }
            let token = String(body[r.upperBound...].prefix { $0 != "\"" })
            let res = try await client.post(URI(string: base + "/login"), headers: ["Cookie": "cchc_csrf=\(anonymous)"]) { req in
                try req.content.encode(["username": username, "password": password, "_csrf": token], as: .urlEncodedForm)
            }
            guard let session = cookie("cchc_session", in: res) else { throw CommandFailure("không đăng nhập được \(username)") }
            return session
        }
        func measure(_ path: String, as session: String) async throws -> (p50: Double, p95: Double, bytes: Int) {
            var times: [Double] = []
            var bytes = 0
            for i in 0..<(requests + 3) {
                let started = DispatchTime.now().uptimeNanoseconds
                let res = try await client.get(URI(string: base + path), headers: ["Cookie": "cchc_session=\(session)"])
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
                guard res.status == .ok else { throw CommandFailure("\(path): \(res.status)") }
                bytes = res.body?.readableBytes ?? 0
                if i >= 3 { times.append(elapsed) }
            }
            times.sort()
            return (times[times.count / 2], times[min(times.count - 1, Int((Double(times.count) * 0.95).rounded(.up)) - 1)], bytes)
        }
        let owner = try await login("tinh0.kehoach")
        let year = DashboardDataset.year
        // The machine reference, in the same run on the same server and database: the cheapest GET (the health check,
        // one database round trip) and one plain aggregate over the tallies. Each page's figure is also printed as a
        // ratio to them, so that runs on different machines and days compare.
        let healthz = try await measure("/healthz", as: owner)
        say("reference_healthz_p50_ms", String(format: "%.2f", healthz.p50))
        let aggregate = try await Self.referenceAggregate(env: env, config: config, runs: requests)
        say("reference_aggregate_p50_ms", String(format: "%.2f", aggregate))
        func ratios(_ name: String, _ p50: Double) {
            say(name + "_per_healthz", String(format: "%.1f", p50 / max(healthz.p50, 0.001)))
            say(name + "_per_aggregate", String(format: "%.2f", p50 / max(aggregate, 0.001)))
        }
        if signature.what == "reports" {
            // The province's consolidated year report (its departments and communes right below it, each with its
            // subtree): the page, then the .docx.
            guard let provinceID else { throw CommandFailure("no province") }
            let path = "/reports/\(provinceID.uuidString)/\(year)/year"
            let page = try await measure(path, as: owner)
            say("province_report_p50_ms", String(format: "%.1f", page.p50))
            say("province_report_p95_ms", String(format: "%.1f", page.p95))
            say("province_report_kb", "\(page.bytes / 1024)")
            ratios("province_report_p50", page.p50)
            let docx = try await measure(path + "/docx", as: owner)
            say("province_report_docx_p50_ms", String(format: "%.1f", docx.p50))
            say("province_report_docx_p95_ms", String(format: "%.1f", docx.p95))
            say("province_report_docx_kb", "\(docx.bytes / 1024)")
            ratios("province_report_docx_p50", docx.p50)
        } else {
            let admin = try await login("admin")
            let province = try await measure("/rollup?year=\(year)", as: owner)
            say("province_dashboard_p50_ms", String(format: "%.1f", province.p50))
            say("province_dashboard_p95_ms", String(format: "%.1f", province.p95))
            say("province_dashboard_kb", "\(province.bytes / 1024)")
            ratios("province_dashboard_p50", province.p50)
            let nationwide = try await measure("/rollup?year=\(year)", as: admin)
            say("national_rollup_p50_ms", String(format: "%.1f", nationwide.p50))
            say("national_rollup_p95_ms", String(format: "%.1f", nationwide.p95))
            say("national_rollup_kb", "\(nationwide.bytes / 1024)")
            ratios("national_rollup_p50", nationwide.p50)
            let home = try await measure("/", as: owner)
            say("unit_dashboard_p50_ms", String(format: "%.1f", home.p50))
            say("unit_dashboard_p95_ms", String(format: "%.1f", home.p95))
            ratios("unit_dashboard_p50", home.p50)
        }
        // The server's peak resident memory while it served all of the above.
        let status = (try? String(contentsOfFile: "/proc/\(server.processIdentifier)/status", encoding: .utf8)) ?? ""
        let peak = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        say("server_rss_mb", "\(peak / 1024)")
        server.terminate()
        server.waitUntilExit()
        try await dropSchema()
    }

    /// The median time of one plain aggregate over the activity tallies (the whole country's activities by year), read
    /// on a connection of its own to the database the server uses.
    static func referenceAggregate(env: Environment, config: AppConfig, runs: Int) async throws -> Double {
        let app = try await Application.make(env)
        do {
            try await configure(app, config: config)
            guard let sql = app.db as? any SQLDatabase else { throw CommandFailure("no SQL database") }
            var times: [Double] = []
            for i in 0..<(max(runs, 5) + 3) {
                let started = DispatchTime.now().uptimeNanoseconds
                _ = try await sql.raw("SELECT year, SUM(CAST(n AS DOUBLE PRECISION)) AS n FROM activity_tallies GROUP BY year").all()
                if i >= 3 { times.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000) }
            }
            try await app.asyncShutdown()
            times.sort()
            return times[times.count / 2]
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
