import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// `cchc bench survey-load [--database sqlite|postgres] [--seconds 60]`: the public answer endpoint under load from a
/// separate process (`wrk`, 64 connections), side by side with the same server's cheapest GET (a static file) in the
/// same run. Each 201 carries the response's key (the receipt on the thanks page); wrk's script writes down every
/// key that got a 201, and the database is then checked for every one of them (lost) and for keys stored twice
/// (duplicated). Last, the server is killed with SIGKILL in the middle of a load and the database is checked again
/// for every response that had got its 201.
enum SurveyLoadBench {
    static func run(database: String, seconds: Int, context: CommandContext) async throws {
        func say(_ name: String, _ value: String) { context.console.print("\(name): \(value)") }
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw CommandFailure("cần wrk (apt-get install -y wrk)")
        }
        guard FileManager.default.fileExists(atPath: "Resources/Views/surveys/public.leaf") else {
            throw CommandFailure("chạy lệnh từ thư mục mã nguồn (máy chủ cần Resources/ và Public/)")
        }
        let bench = try BenchServer.make(database: database, name: "survey",
                                         serverEnv: ["DEMO_PLANS": "0", "DEMO_RESTRUCTURING": "0", "SURVEY_SUBMISSIONS_PER_HOUR": "0", "LOG_LEVEL": "warning"])
        let folder = bench.folder
        say("database", database)
        say("durability", BenchServer.durability(database))

        // An open citizen survey (SIPAS) in a fresh database.
        let code = try await bench.withApp { app -> String in
            try await bench.prepare(app)
            guard let admin = try await User.query(on: app.db).filter(\.$username == "admin").with(\.$unit).first() else { throw CommandFailure("no admin") }
            let today = app.clock.today()
            let survey = try await SurveyService.create(
                .init(title: "Khảo sát tải", audience: .citizens, access: .open, opensOn: today.adding(days: -1) ?? today,
                      closesOn: today.adding(days: 30) ?? today, margin: 0.05),
                template: .sipas, unit: admin.unit, viewer: Viewer(user: admin, unit: admin.unit), now: Date(), on: app.db)
            return survey.publicCode
        }
        let answers = SurveyTemplate.sipas.questionnaire.questions.filter(\.required)
            .map { "\($0.id)=\($0.kind == .likert ? "4" : "0")" }.joined(separator: "&") + "&q13=T%E1%BB%91t"

        // The load scripts: unique keys per thread; every key answered 201 written to a file of the thread.
        func script(_ run: String) throws -> URL {
            let file = folder.appendingPathComponent("answer-\(run).lua")
            try """
                local counter, name, out = 0, nil, nil
                created, other = 0, 0
                local threads = {}
                function setup(thread)
                  thread:set("tag", "\(run)t" .. #threads)
                  table.insert(threads, thread)
                end
                function init(args)
                  name = tag
                  out = io.open("\(folder.path)/acked-" .. name .. ".txt", "w")
                end
                function request()
                  counter = counter + 1
                  return wrk.format("POST", "/s/\(code)", {["Content-Type"] = "application/x-www-form-urlencoded"},
                    "rid=bench" .. name .. "x" .. counter .. "&\(answers)")
                end
                function response(status, headers, body)
                  if status == 201 then
                    created = created + 1
                    local key = string.match(body, 'data%-receipt="([^"]+)"')
                    if key then out:write(key, "\\n") end
                    if created % 50 == 0 then out:flush() end
                  else
                    other = other + 1
                  end
                end
                function done(summary, latency, requests)
                  local c, o = 0, 0
                  for _, t in ipairs(threads) do c = c + t:get("created"); o = o + t:get("other") end
                  io.write("created=" .. c .. " other=" .. o .. "\\n")
                end
                """.write(to: file, atomically: true, encoding: .utf8)
            return file
        }

        let base = bench.base
        func startServer() async throws -> Process { try await bench.start(context) }
        struct WrkResult { var rate: Double; var p99: Double; var output: String }
        func runWrk(_ arguments: [String]) throws -> (process: Process, output: URL) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: wrk)
            process.arguments = arguments
            let out = folder.appendingPathComponent("wrk-\(UUID().uuidString.prefix(6)).txt")
            FileManager.default.createFile(atPath: out.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: out)
            try process.run()
            return (process, out)
        }
        func measure(_ extra: [String], path: String) throws -> WrkResult {
            let (process, out) = try runWrk(["-t2", "-c64", "-d\(seconds)s", "--latency", "--timeout", "10s"] + extra + [base + path])
            process.waitUntilExit()
            let output = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
            return WrkResult(rate: parseRate(output), p99: parseP99(output), output: output)
        }

        // 1. The cheapest GET and the answer endpoint, one after the other on the same server.
        var server = try await startServer()
        let get = try measure([], path: "/css/survey.css")
        let post = try measure(["-s", try script("a").path], path: "/s/\(code)")
        server.terminate()
        server.waitUntilExit()
        let acked = try ackedKeys(folder)
        let created = post.output.split(separator: "\n").first { $0.hasPrefix("created=") }.map(String.init) ?? ""
        say("plain_get_path", "/css/survey.css")
        say("plain_get_per_s", String(format: "%.0f", get.rate))
        say("plain_get_p99_ms", String(format: "%.1f", get.p99))
        say("survey_responses_per_s", String(format: "%.0f", post.rate))
        say("survey_ratio", String(format: "%.3f", get.rate > 0 ? post.rate / get.rate : 0))
        say("survey_p99_ms", String(format: "%.1f", post.p99))
        say("survey_wrk", created)
        say("survey_acknowledged", "\(acked.count)")
        let (lost, duplicated, stored) = try await bench.withApp { app in try await check(acked, code: code, on: app.db) }
        say("survey_stored", "\(stored)")
        say("survey_lost", "\(lost)")
        say("survey_duplicated", "\(duplicated)")

        // 2. SIGKILL in the middle of a load: every answer that got its 201 is still there.
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasPrefix("acked-") {
            try FileManager.default.removeItem(at: folder.appendingPathComponent(file))
        }
        server = try await startServer()
        let killSeconds = max(4, min(seconds, 10))
        let (load, loadOutput) = try runWrk(["-t2", "-c64", "-d\(killSeconds * 2)s", "--timeout", "2s", "-s", try script("k").path, base + "/s/\(code)"])
        try await Task.sleep(nanoseconds: UInt64(killSeconds) * 1_000_000_000)
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
        load.waitUntilExit()
        let ackedBeforeKill = try ackedKeys(folder)
        let killOutput = (try? String(contentsOf: loadOutput, encoding: .utf8)) ?? ""
        say("survey_kill_wrk", killOutput.split(separator: "\n").first { $0.hasPrefix("created=") }.map(String.init) ?? killOutput.suffix(300).description)
        let (lostAfterKill, _, _) = try await bench.withApp { app in try await check(ackedBeforeKill, code: code, on: app.db) }
        say("survey_acknowledged_before_kill", "\(ackedBeforeKill.count)")
        say("survey_lost_after_kill", "\(lostAfterKill)")

        try await bench.cleanUp()
    }

    static func ackedKeys(_ folder: URL) throws -> [String] {
        var keys: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasPrefix("acked-") {
            let text = (try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)) ?? ""
            keys += text.split(separator: "\n").map(String.init)
        }
        return keys
    }

    /// Acknowledged keys missing from the database, keys stored more than once, and the rows stored.
    static func check(_ acked: [String], code: String, on db: any Database) async throws -> (lost: Int, duplicated: Int, stored: Int) {
        guard let sql = db as? any SQLDatabase, let survey = try await Survey.query(on: db).filter(\.$publicCode == code).first() else {
            throw CommandFailure("không thấy đợt khảo sát")
        }
        var stored = Set<String>()
        var rows = 0
        for row in try await sql.raw("SELECT client_key FROM survey_responses WHERE survey_id = \(bind: try survey.requireID()) AND status = 'complete'").all() {
            stored.insert(try row.decode(column: "client_key", as: String.self))
            rows += 1
        }
        let lost = Set(acked).filter { !stored.contains("o:" + $0) }.count
        return (lost, rows - stored.count + (acked.count - Set(acked).count), rows)
    }

    /// "Requests/sec:  12345.67".
    static func parseRate(_ output: String) -> Double {
        output.split(separator: "\n").first { $0.hasPrefix("Requests/sec:") }
            .flatMap { Double($0.split(separator: " ").last.map(String.init) ?? "") } ?? 0
    }

    /// The "99%" line of wrk's latency distribution, in milliseconds.
    static func parseP99(_ output: String) -> Double {
        guard let line = output.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("99%") }),
              let value = line.split(separator: " ").last else { return 0 }
        let text = String(value)
        for (unit, factor) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60_000.0)] where text.hasSuffix(unit) {
            return (Double(text.dropLast(unit.count)) ?? 0) * factor
        }
        return 0
    }
}
