import Domain
import Fluent
import Vapor

/// One unit's sheet: where each point came from (the measure's reading and the records it counted), what would gain
/// the missing ones, the unit's self-assessment, the office's appraisal, and the history of both.
struct ScoreSheetController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.scoreSheet, load: ScoreSheet.self, need: .read, use: show)
        routes.on(.scoreSheetPropose, load: ScoreSheet.self, need: .propose, use: propose)
        routes.on(.scoreSheetAppraise, load: ScoreSheet.self, need: .appraise, use: appraise)
    }

    static func status(_ s: ScoreSheet) -> String {
        if s.ruleSet.isApproved { return "Đã phê duyệt" }
        if s.awaitsAppraisal { return "Đã đề nghị \(s.proposed.map(ScorePoints.text) ?? ""), chờ thẩm định" }
        if let a = s.appraised { return "Đã thẩm định: \(ScorePoints.text(a))" }
        return "Hệ thống đã tính, chưa thẩm định"
    }

    struct Line: Encodable {
        let code: String; let name: String; let depth: Int; let points: String; let max: String
        let reading: String?; let noData: Bool; let gains: [String]; let records: [String]; let more: Int
    }
    struct History: Encodable { let at: String; let who: String; let what: String }

    struct Content: Encodable {
        let id: UUID; let unit: String; let rule: String; let ruleID: UUID; let year: Int; let status: String
        let computed: String; let proposed: String?; let appraised: String?; let final: String; let max: String
        let rank: Int?; let of: Int
        let lines: [Line]; let noData: [String]; let gains: [String]
        let proposalReason: String?; let proposalLinks: [String]; let appraisalNote: String?
        let mayPropose: Bool; let mayAppraise: Bool; let history: [History]
        let typedPoints: String; let typedReason: String; let typedLinks: String; let typedNote: String; let problem: String?
    }

    struct ProposeForm: Vapor.Content { var points: String?; var reason: String?; var links: String? }
    struct AppraiseForm: Vapor.Content { var points: String?; var note: String? }

    func render(_ req: Request, viewer: Viewer, sheet: ScoreSheet, typed: [String: String] = [:], problem: String? = nil,
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let card = sheet.card
        let records = try await ScoreRecords.load(sheet, card: card, on: req.db)
        var lines: [Line] = []
        func walk(_ c: CriterionScore, depth: Int) {
            let counted = records[c.code] ?? []
            lines.append(Line(code: c.code, name: c.name, depth: depth, points: ScorePoints.text(c.points), max: ScorePoints.text(c.maxPoints),
                              reading: c.reading, noData: c.noData, gains: c.gains, records: Array(counted.prefix(20)), more: max(0, counted.count - 20)))
            c.children.forEach { walk($0, depth: depth + 1) }
        }
        card?.criteria.forEach { walk($0, depth: 0) }
        let table = viewer.may(.read, sheet.ruleSet.issuer) || sheet.ruleSet.isApproved ? try await ScoringTable.load(sheet.ruleSet, on: req.db) : nil
        let rank = table?.sheets.first { $0.sheet.id == sheet.id }?.rank
        let history = try await AuditEntry.query(on: req.db).filter(\.$entityType == .scoreSheet).filter(\.$entityID == sheet.requireID().uuidString)
            .sort(\.$at, .descending).limit(50).all()
            .map { History(at: AppClock.display($0.at), who: $0.actorName, what: $0.summary) }
        let approved = sheet.ruleSet.isApproved
        return try await req.render("scoring/sheet", title: "Phiếu chấm điểm — \(sheet.unit.name)", section: "scoring", Content(
            id: try sheet.requireID(), unit: sheet.unit.name, rule: sheet.ruleSet.name, ruleID: try sheet.ruleSet.requireID(), year: sheet.ruleSet.year,
            status: Self.status(sheet), computed: ScorePoints.text(sheet.computed), proposed: sheet.proposed.map(ScorePoints.text),
            appraised: sheet.appraised.map(ScorePoints.text), final: ScorePoints.text(sheet.final), max: ScorePoints.text(card?.maxPoints ?? 0),
            rank: rank, of: table?.rows.count ?? 0, lines: lines, noData: card?.noData ?? [], gains: card?.allGains ?? [],
            proposalReason: sheet.proposalReason, proposalLinks: (sheet.proposalLinks ?? "").split(separator: "\n").map(String.init),
            appraisalNote: sheet.appraisalNote,
            mayPropose: !approved && viewer.mayPropose(scoreOf: sheet.unit), mayAppraise: !approved && viewer.mayAppraise(scoresOf: sheet.ruleSet.issuer),
            history: history, typedPoints: typed["points"] ?? sheet.proposed.map(ScorePoints.text) ?? ScorePoints.text(sheet.computed),
            typedReason: typed["reason"] ?? "", typedLinks: typed["links"] ?? "", typedNote: typed["note"] ?? "", problem: problem), status: status)
    }

    @Sendable func show(req: Request, viewer: Viewer, sheet: ScoreSheet) async throws -> Response {
        try await render(req, viewer: viewer, sheet: sheet)
    }

    @Sendable func propose(req: Request, viewer: Viewer, sheet: ScoreSheet) async throws -> Response {
        let form = try req.content.decode(ProposeForm.self)
        do {
            try await ScoringService.propose(sheet, points: form.points ?? "", reason: form.reason ?? "", links: form.links ?? "",
                                             actor: viewer.actor, now: req.now, on: req.db)
        } catch let error as AppError where error.status == .unprocessableEntity || error.status == .conflict {
            return try await render(req, viewer: viewer, sheet: sheet, typed: ["points": form.points ?? "", "reason": form.reason ?? "", "links": form.links ?? ""],
                                    problem: error.reason, status: error.status)
        }
        req.flash("Đã gửi đề nghị điểm tự đánh giá; phòng nội vụ sẽ thẩm định.")
        return req.redirect(to: .scoreSheet, try sheet.requireID())
    }

    @Sendable func appraise(req: Request, viewer: Viewer, sheet: ScoreSheet) async throws -> Response {
        let form = try req.content.decode(AppraiseForm.self)
        do {
            try await ScoringService.appraise(sheet, points: form.points ?? "", note: form.note ?? "", actor: viewer.actor, now: req.now, on: req.db)
        } catch let error as AppError where error.status == .unprocessableEntity || error.status == .conflict {
            return try await render(req, viewer: viewer, sheet: sheet, typed: ["points": form.points ?? "", "note": form.note ?? ""],
                                    problem: error.reason, status: error.status)
        }
        req.flash("Đã ghi kết quả thẩm định.")
        return req.redirect(to: .scoreSheet, try sheet.requireID())
    }
}

extension Need where Record == ScoreSheet {
    static var propose: Need { Need { $0.mayPropose(scoreOf: $1.unit) } }
    static var appraise: Need { Need { $0.mayAppraise(scoresOf: $1.ruleSet.issuer) } }
}
