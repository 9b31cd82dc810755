import Domain
import Fluent
import Foundation
import SQLKit

/// What a survey's answers say: the sample it needs and how collection stands per unit, the indicator for the
/// whole population and per unit (weighted by population up the tree), and the per-question distributions.
struct SurveyAnalysis: Sendable {
    struct Stratum: Sendable {
        let unitID: UUID
        let name: String
        let path: String
        let population: Int
        var planned: Int
        var complete = 0
        var partial = 0
        var estimate = Estimate(successes: 0, n: 0)
    }

    var strata: [Stratum] = []
    var populationTotal = 0
    var sampleNeeded = 0
    var complete = 0
    var partial = 0
    var paper = 0
    /// The indicator over the whole population (population-weighted when populations are known).
    var overall = Estimate(successes: 0, n: 0)
    var questions: [QuestionSummary] = []
    var aspects: [(aspect: String, estimate: Estimate)] = []

    /// The complete responses with the unit each counts in: (answers, unit id).
    static func completeResponses(_ surveyID: UUID, on db: any Database) async throws -> [(answers: SurveyAnswers, unitID: UUID?)] {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await sql.raw("""
            SELECT r.answers AS answers, r.unit_id AS unit_id FROM survey_responses r
            WHERE r.survey_id = \(bind: surveyID) AND r.status = 'complete' ORDER BY r.created_at
            """).all().map { row in
            let text = try row.decode(column: "answers", as: String.self)
            return (try StoredJSON.decode(SurveyAnswers.self, text, what: "câu trả lời của phiếu khảo sát"), try row.decode(column: "unit_id", as: UUID?.self))
        }
    }

    static func load(_ survey: Survey, on db: any Database) async throws -> SurveyAnalysis {
        let surveyID = try survey.requireID()
        let questionnaire = try survey.questionnaire
        let rule = try survey.rule
        var analysis = SurveyAnalysis()
        let populations = try await SurveyPopulation.query(on: db).filter(\.$survey.$id == surveyID).with(\.$unit).all()
            .sorted { $0.unit.name < $1.unit.name }
        analysis.populationTotal = populations.filter { $0.$unit.id != survey.$unit.id }.reduce(0) { $0 + $1.population }
        if let own = populations.first(where: { $0.$unit.id == survey.$unit.id }), analysis.populationTotal == 0 {
            analysis.populationTotal = own.population
        }
        analysis.sampleNeeded = SamplePlan.size(population: analysis.populationTotal, margin: survey.margin)
        let strata = populations.filter { $0.$unit.id != survey.$unit.id || populations.count == 1 }
        let planned = SamplePlan.allocate(analysis.sampleNeeded, populations: strata.map(\.population))
        analysis.strata = zip(strata, planned).map { p, n in
            Stratum(unitID: p.$unit.id, name: p.unit.name, path: p.unit.path, population: p.population, planned: n)
        }

        // Where each respondent's unit falls: the deepest stratum above it.
        guard let sql = db as? any SQLDatabase else { return analysis }
        var unitPaths: [UUID: String] = [:]
        for row in try await sql.raw("""
            SELECT u.id AS id, u.path AS path FROM units u WHERE u.id IN (SELECT DISTINCT r.unit_id FROM survey_responses r WHERE r.survey_id = \(bind: surveyID))
            """).all() {
            unitPaths[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "path", as: String.self)
        }
        let byDepth = analysis.strata.indices.sorted { analysis.strata[$0].path.count > analysis.strata[$1].path.count }
        func stratum(of unitID: UUID?) -> Int? {
            guard let unitID, let path = unitPaths[unitID] else { return nil }
            return byDepth.first { UnitScope.subtree(path: analysis.strata[$0].path).contains(id: nil, path: path) }
        }
        for row in try await sql.raw("""
            SELECT r.unit_id AS unit_id, r.status AS status, r.source AS source, COUNT(*) AS n FROM survey_responses r
            WHERE r.survey_id = \(bind: surveyID) GROUP BY r.unit_id, r.status, r.source
            """).all() {
            let n = try row.decode(column: "n", as: Int.self)
            let complete = try row.decode(column: "status", as: String.self) == SurveyResponse.Status.complete.rawValue
            if complete { analysis.complete += n } else { analysis.partial += n }
            let source = try row.decode(column: "source", as: String.self)
            if complete && source == SurveyResponse.Source.paper.rawValue { analysis.paper += n }
            if let i = stratum(of: try row.decode(column: "unit_id", as: UUID?.self)) {
                if complete { analysis.strata[i].complete += n } else { analysis.strata[i].partial += n }
            }
        }

        let responses = try await completeResponses(surveyID, on: db)
        analysis.questions = QuestionSummary.summarize(questionnaire, responses: responses.map(\.answers))
        analysis.aspects = QuestionSummary.aspects(questionnaire, responses: responses.map(\.answers))

        // The indicator: per stratum, then up the tree by population.
        var own = (yes: 0, n: 0)
        var counts = Array(repeating: (yes: 0, n: 0), count: analysis.strata.count)
        for response in responses {
            guard let meets = rule.meets(response.answers, in: questionnaire) else { continue }
            if let i = stratum(of: response.unitID) {
                counts[i].n += 1
                if meets { counts[i].yes += 1 }
            } else {
                own.n += 1
                if meets { own.yes += 1 }
            }
        }
        if analysis.strata.isEmpty {
            analysis.overall = .sample(own.yes, of: own.n)
            return analysis
        }
        let root = "root"
        var nodes = [PopulationRollup.Node(id: root, parent: nil, population: analysis.populationTotal, successes: own.yes, n: own.n)]
        for (i, s) in analysis.strata.enumerated() {
            // The nearest stratum above this one, else the survey's unit.
            let parent = byDepth.first { j in j != i && UnitScope(reach: .subtrees([analysis.strata[j].path], strictly: true)).contains(id: nil, path: s.path) }
            nodes.append(.init(id: "\(i)", parent: parent.map { "\($0)" } ?? root, population: s.population, successes: counts[i].yes, n: counts[i].n))
        }
        let estimates = PopulationRollup.estimates(nodes)
        for i in analysis.strata.indices { analysis.strata[i].estimate = estimates["\(i)"] ?? Estimate(successes: 0, n: 0) }
        analysis.overall = estimates[root] ?? Estimate(successes: 0, n: 0)
        return analysis
    }

    /// The report's lines for the surveys of `unit`'s subtree that were open during the range: what was measured,
    /// the result with its interval and sample against the target, the closing date, the unit, the responses.
    static func reportRows(unit: Unit, from: CalendarDate, to: CalendarDate, on db: any Database) async throws -> [[String]] {
        let surveys = try await Survey.query(on: db).within(.subtree(of: unit))
            .filter(\.$opensOn <= to).filter(\.$closesOn >= from).with(\.$unit).sort(\.$closesOn).limit(20).all()
        var rows: [[String]] = []
        for survey in surveys {
            let analysis = try await load(survey, on: db)
            var text = "Khảo sát: \(survey.title). \(try survey.rule.describe(try survey.questionnaire)): \(analysis.overall.valueText)"
            if analysis.overall.n > 0 && !analysis.overall.census { text += " (khoảng tin cậy 95%: \(analysis.overall.intervalText))" }
            if let target = survey.targetPercent {
                text += "; chỉ tiêu \(SurveyController.number(target))%: \(analysis.overall.verdict(target: target).label.lowercased())"
            }
            for aspect in analysis.aspects where aspect.estimate.n > 0 { text += "; \(aspect.aspect): \(aspect.estimate.valueText) hài lòng" }
            rows.append([text + ".", survey.closesOn.display, survey.unit.name, "\(analysis.complete)"])
        }
        return rows
    }
}
