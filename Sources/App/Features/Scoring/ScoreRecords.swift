import Domain
import Fluent
import Foundation

/// The records each leaf of a sheet counted, read for the one unit, so the sheet shows where every point came from.
enum ScoreRecords {
    static let limit = 500

    /// Lines by criterion code ("12/03/2026 · Hội nghị, hội thảo, tọa đàm · Trực tiếp tại chỗ · Hội nghị triển khai …").
    static func load(_ sheet: ScoreSheet, card: UnitScoreCard?, on db: any Database) async throws -> [String: [String]] {
        guard let card, let first = CalendarDate(year: sheet.ruleSet.year, month: 1, day: 1),
              let last = CalendarDate(year: sheet.ruleSet.year, month: 12, day: 31) else { return [:] }
        let unitID = sheet.$unit.id
        var leaves: [(code: String, measure: ScoringMeasure)] = []
        func walk(_ c: CriterionScore) {
            if let m = c.measure { leaves.append((c.code, m)) }
            c.children.forEach(walk)
        }
        card.criteria.forEach(walk)
        var cache: [String: [String]] = [:]
        var activities: [Activity]?
        var out: [String: [String]] = [:]
        for (code, measure) in leaves {
            switch measure {
            case .activities(let filter):
                if activities == nil {
                    activities = try await Activity.query(on: db).filter(\.$unit.$id == unitID).filter(\.$review == .verified)
                        .filter(\.$happenedOn >= first).filter(\.$happenedOn <= last).sort(\.$happenedOn).limit(limit).all()
                }
                out[code] = (activities ?? []).filter { filter.matches(channel: $0.channel, kind: $0.kind) }
                    .map { "\($0.happenedOn.display) · \($0.kind.label) · \($0.channel.label) · \($0.title)" }
            case .planCompletion:
                if cache["plan"] == nil {
                    // The unit's assignments on plans of the year, as the measure counts them (a join, not every plan's id).
                    cache["plan"] = try await Assignment.query(on: db).join(Plan.self, on: \Assignment.$plan.$id == \Plan.$id)
                        .filter(\.$unit.$id == unitID).filter(Plan.self, \.$year == sheet.ruleSet.year)
                        .with(\.$task).sort(\.$dueOn).limit(limit).all()
                        .map { "\($0.status == .done ? "Đã hoàn thành" : $0.status == .cancelled ? "Đã hủy (không tính)" : "Chưa hoàn thành") · hạn \($0.dueOn.display) · \($0.task.content.prefix(160))" }
                }
                out[code] = cache["plan"]
            case .reportsOnTime:
                out[code] = try await Report.query(on: db).filter(\.$unit.$id == unitID).filter(\.$year == sheet.ruleSet.year).all()
                    .sorted { $0.period < $1.period }
                    .map { r in "\(r.period.label) · \(r.status.label)" + (r.submittedAt.map { " · nộp \(AppClock.display($0))" + (r.submittedLate == true ? " (trễ hạn)" : " (đúng hạn)") } ?? " · chưa nộp") }
            case .questionsOnTime:
                out[code] = try await CitizenQuestion.query(on: db).filter(\.$unit.$id == unitID).filter(\.$receivedOn >= first).filter(\.$receivedOn <= last)
                    .sort(\.$receivedOn).limit(limit).all()
                    .map { q in "\(q.code) · nhận \(q.receivedOn.display) · hạn \(q.dueOn.display) · " + (q.answeredOn.map { $0 <= q.dueOn ? "trả lời đúng hạn \($0.display)" : "trả lời trễ \($0.display)" } ?? "chưa trả lời") }
            case .objectivesMet, .surveyTargetsMet:
                var lines: [String] = []
                for plan in try await Plan.query(on: db).filter(\.$unit.$id == unitID).filter(\.$year == sheet.ruleSet.year).filter(\.$status == .issued).all() {
                    for v in try await PlanIndicators.verdicts(plan, on: db) where measure == .objectivesMet || v.bySurvey {
                        let target = plan.sections.targets.indices.contains(v.index) ? plan.sections.targets[v.index].text : "Chỉ tiêu \(v.index + 1)"
                        lines.append("\(target.prefix(160)) · \(v.bySurvey ? "đo bằng khảo sát" : "theo dữ liệu") · \(v.verdict.label)")
                    }
                }
                out[code] = lines
            case .contestParticipation:
                out[code] = []
            }
        }
        return out
    }
}
