import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import App
import Domain

/// Two application instances on one database (a SQLite file, or one PostgreSQL schema), as behind a proxy: a missed
/// deadline is escalated once between them, whether their jobs or their reminder runs go at the same moment.
@Suite struct QuestionInstancesTests {
    static func make(_ database: AppConfig.DatabaseChoice, files: String) async throws -> Application {
        let app = try await Application.make(.testing)
        var config = AppConfig(database: database)
        config.bcryptCost = 4
        config.filesPath = files
        config.demoAdminPassword = testPassword
        if case .postgres = database { config.poolPerLoop = 2 }
        do { try await configure(app, config: config) } catch { try? await app.asyncShutdown(); throw error }
        return app
    }

    @Test func aMissedDeadlineEscalatesOnceBetweenTwoInstances() async throws {
        let files = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-files-\(UUID().uuidString)").path
        let database: AppConfig.DatabaseChoice
        var schema: String?
        if let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !url.isEmpty {
            let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            schema = String(name)
            database = .postgres(url: url, schema: String(name))
        } else {
            database = .sqliteFile(path: FileManager.default.temporaryDirectory.appendingPathComponent("cchc-two-\(UUID().uuidString).sqlite").path)
        }
        let first = try await Self.make(database, files: files)
        var second: Application?
        do {
            if let schema, let sql = first.db as? any SQLDatabase { try await sql.raw("CREATE SCHEMA \(ident: schema)").run() }
            try await first.autoMigrate()
            try await DemoData.loadIfEmpty(on: first.db, config: first.config, now: Date())
            let other = try await Self.make(database, files: files)
            second = other

            let province = try await unit("ST", on: first.db)
            let received = try #require(CalendarDate(year: 2026, month: 10, day: 1))
            let (question, _) = try await QuestionService.ask(
                .init(name: nil, contact: nil, area: .procedures, unit: "ST-CTH-PNV", text: "Xin hỏi thời hạn cấp lại giấy khai sinh bị mất là bao lâu?",
                      consent: false, receivedOn: received),
                province: province, actor: .system, storage: first.files, maxBytes: 1 << 20, today: received, now: Date(), on: first.db)
            let late = try #require(question.dueOn.adding(days: 1))
            // Both instances' reminder runs at the same moment, twice over.
            for _ in 0..<2 {
                async let a = QuestionReminders.run(today: late, now: Date(), mailer: nil, notifier: nil, logger: nil, on: first.db)
                async let b = QuestionReminders.run(today: late, now: Date(), mailer: nil, notifier: nil, logger: nil, on: other.db)
                _ = try await (a, b)
            }
            // And both instances' background jobs, on a clock past the deadline.
            let moment = try #require(AppClock.parseDateTime(late.display)).addingTimeInterval(12 * 3600)
            first.clock = AppClock(now: { moment })
            other.clock = AppClock(now: { moment })
            async let jobA = BackgroundJobs.runOnce(app: first, holder: "may-1", interval: 300)
            async let jobB = BackgroundJobs.runOnce(app: other, holder: "may-2", interval: 300)
            let ran = try await [jobA, jobB]
            #expect(ran.filter { $0 }.count == 1)

            let leader = try #require(try await User.query(on: other.db).filter(\.$username == "chauthanh.lanhdao").first())
            let escalations = try await Notice.query(on: other.db).filter(\.$user.$id == leader.requireID()).all()
                .filter { $0.text.contains(question.code) && $0.text.contains("đề nghị đôn đốc") }
            #expect(escalations.count == 1)
            let office = try #require(try await User.query(on: first.db).filter(\.$username == "chauthanh.pnv").first())
            let overdue = try await Notice.query(on: first.db).filter(\.$user.$id == office.requireID()).all().filter { $0.text.hasPrefix("Quá hạn trả lời câu hỏi \(question.code)") }
            #expect(overdue.count == 1)
        } catch {
            await Self.close(first, second, schema: schema, database: database)
            throw error
        }
        await Self.close(first, second, schema: schema, database: database)
    }

    static func close(_ first: Application, _ second: Application?, schema: String?, database: AppConfig.DatabaseChoice) async {
        try? await second?.asyncShutdown()
        if let schema, let sql = first.db as? any SQLDatabase { try? await sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
        try? await first.asyncShutdown()
        if case .sqliteFile(let path) = database {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }
}
