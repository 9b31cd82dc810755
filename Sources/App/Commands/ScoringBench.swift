import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// `cchc bench scoring`: on the dashboards' dataset, the reform-index communication criterion (the shipped Đồng Nai
/// rule) for every unit of the country in one year: each province's communes and its departments are a block, so
/// every committee of a commune and every department is scored. Most activities are first marked verified (the
/// dataset records them as waiting), since only verified work counts. Prints `scoring_national_s`, the units scored,
/// and the plain aggregate of the dashboards benchmark timed in the same run, with the ratio.
enum ScoringBench {
    static func run(env: Environment, config: AppConfig, requests: Int, say: (String, String) -> Void) async throws {
        let app = try await Application.make(env)
        do {
            try await configure(app, config: config)
            guard let sql = app.db as? any SQLDatabase else { throw CommandFailure("no SQL database") }
            // Six activities in ten verified, the same ones on every run (the dataset's reach is fixed by its seed); then
            // the planner's statistics after that bulk change, as autovacuum (PostgreSQL) or the server's jobs (SQLite)
            // keep them. A kept dataset (`--reuse`) already has them.
            let toVerify = try await sql.raw("SELECT COUNT(*) AS n FROM activities WHERE review <> 'verified' AND reach % 10 < 6").first()?
                .decode(column: "n", as: Int.self) ?? 0
            if toVerify > 0 {
                try await app.db.write { db in
                    guard let sql = db as? any SQLDatabase else { return }
                    try await sql.raw("UPDATE activities SET review = 'verified' WHERE review <> 'verified' AND reach % 10 < 6").run()
                }
                if !app.db.isSQLite { try await sql.raw("ANALYZE").run() }
                try await SQLiteSetup.optimize(app.db)
            }
            let verified = try await Activity.query(on: app.db).filter(\.$review == .verified).count()
            say("verified_activities", "\(verified)")

            // The rules: one per province and block, made afresh (a kept dataset may hold those of an earlier run).
            try await app.db.write { db in
                guard let sql = db as? any SQLDatabase else { return }
                try await sql.raw("DELETE FROM score_sheets").run()
                try await sql.raw("DELETE FROM scoring_rules").run()
            }
            let provinces = try await Unit.query(on: app.db).filter(\.$level == .province).filter(\.$kind == .committee).filter(\.$parent.$id == nil).all()
            let now = Date(), year = DashboardDataset.year
            var rules: [ScoringRuleSet] = []
            for province in provinces {
                for (level, kinds, name) in [(UnitLevel.commune, [UnitKind.committee], "UBND cấp xã"), (.province, [.department], "Sở, ban, ngành")] {
                    let rule = try await ScoringService.save(.init(name: "Tiêu chí tuyên truyền CCHC — \(name)", year: year, level: level, kinds: kinds,
                                                                   text: ScoringRuleText.dongNaiCommune2022),
                                                             existing: nil, issuer: province, actor: .system, now: now, on: app.db)
                    rule.$issuer.value = province
                    rules.append(rule)
                }
            }
            let today = app.clock.today()
            let started = DispatchTime.now().uptimeNanoseconds
            var scored = 0
            for rule in rules { scored += try await ScoringService.compute(rule, actor: .system, now: now, today: today, on: app.db) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            let sheets = try await ScoreSheet.query(on: app.db).count()
            let points = try await sql.raw("SELECT COUNT(DISTINCT computed_points) AS n FROM score_sheets").first()?.decode(column: "n", as: Int.self) ?? 0
            try await app.asyncShutdown()
            say("rules", "\(rules.count)")
            say("units_scored", "\(scored)")
            say("score_sheets", "\(sheets)")
            say("distinct_scores", "\(points)")
            say("scoring_national_s", String(format: "%.2f", seconds))
            let aggregate = try await BenchCommand.referenceAggregate(env: env, config: config, runs: requests)
            say("reference_aggregate_p50_ms", String(format: "%.2f", aggregate))
            say("scoring_national_per_aggregate", String(format: "%.0f", seconds * 1000 / max(aggregate, 0.001)))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
