import Domain
import Fluent
import Foundation
import Vapor

/// `cchc bench contest-load [--database sqlite|postgres] [--users 5000] [--seconds 10]`: a contest's launch burst on the
/// real server (`cchc serve` on loopback), put on by a load driver in its own process (`ContestLoadDriver`):
/// 1. the server's cheapest GET (a static file) for `seconds`: the machine's reference in the same run;
/// 2. `users` entrants start (entry form, attempt page) — the bar wants them all within a minute — then each saves
///    its 15 answers one at a time and submits; the answer rate is compared with the reference;
/// 3. the database is checked for every acknowledged start, save and submission (lost) and for a person with two
///    attempts (duplicated);
/// 4. entrants go on from start to submission while the server is killed with SIGKILL; the database is checked again.
enum ContestLoadBench {
    static let questions = 15

    static func run(database: String, users: Int, seconds: Int, context: CommandContext) async throws {
        func say(_ name: String, _ value: String) { context.console.print("\(name): \(value)") }
        guard FileManager.default.fileExists(atPath: "Resources/Views/contests/attempt.leaf") else {
            throw CommandFailure("chạy lệnh từ thư mục mã nguồn (máy chủ cần Resources/ và Public/)")
        }
        let bench = try BenchServer.make(database: database, name: "contest",
                                         serverEnv: ["DEMO_PLANS": "0", "DEMO_RESTRUCTURING": "0", "CONTEST_STARTS_PER_HOUR": "0", "LOG_LEVEL": "warning"])
        say("database", database)
        say("durability", BenchServer.durability(database))
        let code = try await bench.withApp { app in try await prepare(bench, app) }
        let concurrency = 64

        func drive(_ mode: String, users: Int, prefix: Int) throws -> (Process, URL) {
            let out = bench.folder.appendingPathComponent("driver-\(mode)-\(prefix).json")
            let optionsFile = bench.folder.appendingPathComponent("driver-\(mode)-\(prefix)-options.json")
            try JSONEncoder().encode(ContestLoadDriver.Options(mode: mode, base: bench.base, code: code, users: users, concurrency: concurrency,
                                                               prefix: prefix, seconds: seconds, out: out.path)).write(to: optionsFile)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            process.arguments = ["bench", "contest-driver", "--driver", optionsFile.path]
            try process.run()
            return (process, out)
        }
        func result(_ out: URL) throws -> ContestLoadDriver.Output {
            do { return try JSONDecoder().decode(ContestLoadDriver.Output.self, from: Data(contentsOf: out)) } catch {
                throw CommandFailure("tiến trình tạo tải không ghi được kết quả \(out.path)")
            }
        }

        // 1 and 2: the reference, then the burst, on one server.
        var server = try await bench.start(context)
        let (getDriver, getOut) = try drive("get", users: 0, prefix: 0)
        getDriver.waitUntilExit()
        let get = try result(getOut)
        let (burstDriver, burstOut) = try drive("burst", users: users, prefix: 1)
        burstDriver.waitUntilExit()
        let burst = try result(burstOut)
        server.terminate()
        server.waitUntilExit()
        let getRate = get.getSeconds > 0 ? Double(get.getRequests) / get.getSeconds : 0
        let answerRate = burst.answerSeconds > 0 ? Double(burst.answerRequests) / burst.answerSeconds : 0
        say("plain_get_path", "/css/survey.css")
        say("plain_get_per_s", String(format: "%.0f", getRate))
        say("plain_get_p99_ms", String(format: "%.1f", get.getP99ms))
        say("contest_entrants", "\(users)")
        say("contest_starts_seconds", String(format: "%.1f", burst.startSeconds))
        say("contest_start_p99_ms", String(format: "%.1f", burst.startP99ms))
        say("contest_answer_requests", "\(burst.answerRequests)")
        say("contest_answers_per_s", String(format: "%.0f", answerRate))
        say("contest_ratio", String(format: "%.3f", getRate > 0 ? answerRate / getRate : 0))
        say("contest_p50_ms", String(format: "%.1f", burst.answerP50ms))
        say("contest_p99_ms", String(format: "%.1f", burst.answerP99ms))
        say("contest_refused", burst.failures.isEmpty ? "0" : burst.failures.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " "))
        let checked = try await bench.withApp { app in try await check(burst.acked, code: code, on: app.db) }
        say("contest_acknowledged_submissions", "\(burst.acked.filter(\.submitted).count)")
        say("contest_stored_attempts", "\(checked.stored)")
        say("contest_lost", "\(checked.lost)")
        say("contest_duplicated", "\(checked.duplicated)")

        // 4. SIGKILL in the middle of entrants starting, saving and submitting.
        server = try await bench.start(context)
        let (flowDriver, flowOut) = try drive("flow", users: 1_000_000, prefix: 2)
        try await Task.sleep(nanoseconds: UInt64(max(4, min(seconds, 10))) * 1_000_000_000)
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
        flowDriver.waitUntilExit()
        let flow = try result(flowOut)
        let afterKill = try await bench.withApp { app in try await check(flow.acked, code: code, on: app.db) }
        say("contest_acknowledged_before_kill", "\(flow.acked.filter(\.started).count) starts, \(flow.acked.filter(\.submitted).count) submissions")
        say("contest_lost_after_kill", "\(afterKill.lost)")
        say("contest_duplicated_after_kill", "\(afterKill.duplicated)")
        let fast: Bool = getRate > 0 && answerRate / getRate >= 0.20 && burst.answerP99ms < 100 && burst.startSeconds <= 60
        let kept: Bool = checked.lost == 0 && checked.duplicated == 0 && afterKill.lost == 0 && afterKill.duplicated == 0
        let met = fast && kept
        say("contest_bar", met ? "met (ratio ≥ 0.20, p99 < 100 ms, starts within 60 s, 0 lost, 0 duplicated, 0 lost after kill)" : "NOT met")
        try await bench.cleanUp()
        guard kept else { throw CommandFailure("có câu trả lời đã được xác nhận mà không có trong cơ sở dữ liệu, hoặc một người có hai lượt thi") }
    }

    /// A contest of the province with a bank of 40 questions in 4 topic groups and one open round for civil servants
    /// (15 questions, 30 minutes): its public code.
    static func prepare(_ bench: BenchServer, _ app: Application) async throws -> String {
        try await bench.prepare(app)
        guard let admin = try await User.query(on: app.db).filter(\.$username == "admin").with(\.$unit).first() else { throw CommandFailure("no admin") }
        let viewer = Viewer(user: admin, unit: admin.unit)
        let now = Date()
        let contest = Contest(unitID: try admin.unit.requireID(), title: "Cuộc thi tìm hiểu cải cách hành chính (đo tải)",
                              rules: "Mỗi người thi một lượt.", consent: "Tôi đồng ý với thể lệ.", createdBy: admin.username, at: now)
        try await contest.create(on: app.db)
        let topics = ["Thể chế", "Thủ tục hành chính", "Tổ chức bộ máy", "Chính phủ số"]
        let bank = (1...40).map { n in
            """
            Câu \(n). Nội dung câu hỏi số \(n) về cải cách hành chính?
            A. Phương án thứ nhất
            B. Phương án thứ hai
            C. Phương án thứ ba
            D. Phương án thứ tư
            Đáp án: \(n % 2 == 0 ? "A" : "B")
            Chủ đề: \(topics[n % topics.count])
            """
        }.joined(separator: "\n")
        _ = try await ContestService.importBank(bank, into: contest, viewer: viewer, now: now, on: app.db)
        let round = ContestRound(contestID: try contest.requireID(), number: 1, opensAt: now.addingTimeInterval(-3_600),
                                 closesAt: now.addingTimeInterval(86_400), timeLimitSeconds: 1_800, questionCount: questions,
                                 prediction: "Bao nhiêu bài thi đúng tất cả các câu?")
        round.audienceRaw = ContestAudience.staff.rawValue
        try await round.create(on: app.db)
        return contest.publicCode
    }

    /// Acknowledged starts without an attempt, acknowledged answers missing from it, acknowledged submissions not
    /// stored as submitted (lost); people with more than one attempt (duplicated); the attempts stored.
    static func check(_ acked: [ContestLoadDriver.Acked], code: String, on db: any Database) async throws -> (lost: Int, duplicated: Int, stored: Int) {
        guard let contest = try await Contest.query(on: db).filter(\.$publicCode == code).first(),
              let round = try await ContestRound.query(on: db).filter(\.$contest.$id == contest.requireID()).first() else {
            throw CommandFailure("không thấy cuộc thi")
        }
        let attempts = try await ContestAttempt.query(on: db).filter(\.$round.$id == round.requireID()).all()
        let byPerson = Dictionary(grouping: attempts, by: \.person)
        var lost = 0
        for entrant in acked where entrant.started {
            guard let attempt = byPerson["cccd:" + entrant.cccd]?.first else { lost += 1; continue }
            let stored = try ContestService.answers(of: attempt)
            if entrant.answers.contains(where: { stored[$0.key] != $0.value }) || (entrant.submitted && attempt.submittedAt == nil) { lost += 1 }
        }
        return (lost, attempts.count - byPerson.count, attempts.count)
    }
}
