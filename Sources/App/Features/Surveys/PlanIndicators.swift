import Domain
import Fluent
import Foundation
import SQLKit

/// A plan's numeric targets, each with what measures it: the surveys linked to it, or the records themselves for
/// targets about the plan's own work (tasks completed; reform staff trained, counted as the units that recorded a
/// training activity). Records are a census: exact values, no interval.
enum PlanIndicators {
    struct Row: Encodable, Sendable {
        let target: String
        let percent: String
        let source: String
        let surveyID: UUID?
        let value: String
        let interval: String
        let sample: String
        let verdict: String
        let verdictKey: String
        /// Link to start a survey for this target, when nothing measures it yet.
        let newSurvey: String?
    }

    static func load(_ plan: Plan, viewer: Viewer, on db: any Database) async throws -> [Row] {
        let planID = try plan.requireID()
        let surveys = try await Survey.query(on: db).filter(\.$plan.$id == planID).with(\.$unit).all().filter { viewer.may(.read, $0.unit) }
        var rows: [Row] = []
        for (index, target) in plan.sections.targets.enumerated() {
            let percent = SurveyController.number(target.percent) + "%"
            var measured = false
            for survey in surveys where survey.targetIndex == index {
                let analysis = try await SurveyAnalysis.load(survey, on: db)
                let verdict = analysis.overall.verdict(target: survey.targetPercent ?? target.percent)
                rows.append(Row(target: target.text, percent: percent, source: "Khảo sát: \(survey.title) (\(survey.unit.name))", surveyID: survey.id,
                                value: analysis.overall.valueText, interval: analysis.overall.intervalText,
                                sample: "\(analysis.complete) phiếu", verdict: verdict.label, verdictKey: verdict.rawValue, newSurvey: nil))
                measured = true
            }
            if let census = try await records(target.subject, plan: plan, on: db) {
                let verdict = census.estimate.verdict(target: target.percent)
                rows.append(Row(target: target.text, percent: percent, source: census.source, surveyID: nil, value: census.estimate.valueText,
                                interval: census.estimate.intervalText, sample: "\(Int(census.estimate.n)) \(census.unit)", verdict: verdict.label,
                                verdictKey: verdict.rawValue, newSurvey: nil))
                measured = true
            }
            if !measured {
                let template: SurveyTemplate = target.subject == .citizens ? .sipas : .civilServantKnowledge
                rows.append(Row(target: target.text, percent: percent, source: "Chưa có khảo sát đo chỉ tiêu này", surveyID: nil, value: "—", interval: "—",
                                sample: "—", verdict: Estimate.Verdict.noData.label, verdictKey: Estimate.Verdict.noData.rawValue,
                                newSurvey: SiteRoute.surveyNew.path() + "?template=\(template.rawValue)&target=\(planID.uuidString):\(index)"))
            }
        }
        return rows
    }

    /// One verdict a target, for scoring: the latest linked survey's, else the records' count, else no data.
    static func verdicts(_ plan: Plan, on db: any Database) async throws -> [(index: Int, bySurvey: Bool, verdict: Estimate.Verdict)] {
        let planID = try plan.requireID()
        let surveys = try await Survey.query(on: db).filter(\.$plan.$id == planID).all()
        var out: [(index: Int, bySurvey: Bool, verdict: Estimate.Verdict)] = []
        for (index, target) in plan.sections.targets.enumerated() {
            if let survey = surveys.filter({ $0.targetIndex == index }).max(by: { $0.createdAt < $1.createdAt }) {
                let analysis = try await SurveyAnalysis.load(survey, on: db)
                out.append((index, true, analysis.overall.verdict(target: survey.targetPercent ?? target.percent)))
            } else if let census = try await records(target.subject, plan: plan, on: db) {
                out.append((index, false, census.estimate.verdict(target: target.percent)))
            } else {
                out.append((index, false, .noData))
            }
        }
        return out
    }

    /// The count from the records for targets about the plan's own work; nil for targets only a survey measures.
    static func records(_ subject: Domain.Target.Subject, plan: Plan, on db: any Database) async throws -> (estimate: Estimate, source: String, unit: String)? {
        guard let sql = db as? any SQLDatabase else { return nil }
        let planID = try plan.requireID()
        switch subject {
        case .tasks:
            let row = try await sql.raw("""
                SELECT SUM(CASE WHEN a.status = 'done' THEN 1 ELSE 0 END) AS done, SUM(CASE WHEN a.status <> 'cancelled' THEN 1 ELSE 0 END) AS counted
                FROM assignments a WHERE a.plan_id = \(bind: planID)
                """).first()
            let done = try row?.decode(column: "done", as: Int?.self) ?? 0
            let counted = try row?.decode(column: "counted", as: Int?.self) ?? 0
            return (.census(done, of: counted), "Theo dõi trên hệ thống: phân công đã hoàn thành", "phân công")
        case .reformStaff:
            let row = try await sql.raw("""
                SELECT COUNT(DISTINCT a.unit_id) AS units,
                  COUNT(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM activities ac WHERE ac.unit_id = a.unit_id AND ac.kind = 'training'
                    AND ac.review <> 'rejected' AND ac.happened_on >= \(bind: CalendarDate(year: plan.year, month: 1, day: 1))
                    AND ac.happened_on <= \(bind: CalendarDate(year: plan.year, month: 12, day: 31))) THEN a.unit_id END) AS trained
                FROM assignments a WHERE a.plan_id = \(bind: planID)
                """).first()
            let units = try row?.decode(column: "units", as: Int?.self) ?? 0
            let trained = try row?.decode(column: "trained", as: Int?.self) ?? 0
            return (.census(trained, of: units), "Theo dõi trên hệ thống: đơn vị thực hiện kế hoạch có lớp tập huấn, bồi dưỡng được ghi nhận trong năm", "đơn vị")
        case .civilServants, .citizens, .other:
            return nil
        }
    }
}
