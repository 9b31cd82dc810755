import Domain
import Fluent
import Vapor

/// Menu *Chấm điểm*: the scoring rules of the reform index's communication criterion, written and previewed by the
/// home-affairs office of the unit that issues the index, the block's table with its ranking, the computation from the
/// records, the leader's approval, the exports; and for every unit, its own sheet.
struct ScoringController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.scoring, use: index)
        routes.on(.scoringNew, require: \.writesScoringRules, use: new)
        routes.on(.scoringCreate, require: \.writesScoringRules, use: create)
        routes.on(.scoringRule, load: ScoringRuleSet.self, need: .read, use: show)
        routes.on(.scoringEdit, load: ScoringRuleSet.self, need: .appraise, use: edit)
        routes.on(.scoringUpdate, load: ScoringRuleSet.self, need: .appraise, use: update)
        routes.on(.scoringCompute, load: ScoringRuleSet.self, need: .appraise, use: compute)
        routes.on(.scoringApprove, load: ScoringRuleSet.self, need: .approve, use: approve)
        routes.on(.scoringCopy, load: ScoringRuleSet.self, need: .appraise, use: copy)
        routes.on(.scoringXLSX, load: ScoringRuleSet.self, need: .read, use: xlsx)
        routes.on(.scoringDOCX, load: ScoringRuleSet.self, need: .read, use: docx)
    }

    struct ColumnText: Encodable { let code: String; let name: String; let max: String }
    struct RuleRow: Encodable { let id: UUID; let name: String; let year: Int; let issuer: String; let block: String; let status: String }
    struct SheetRow: Encodable { let id: UUID; let rule: String; let year: Int; let points: String; let max: String; let status: String }

    @Sendable func index(req: Request, viewer: Viewer) async throws -> Response {
        let rules = try await ScoringRuleSet.query(on: req.db).visible(to: viewer).with(\.$issuer)
            .sort(\.$year, .descending).sort(\.$name).limit(200).all()
        let sheets = try await ScoreSheet.query(on: req.db).filter(\.$unit.$id == viewer.unit.requireID()).with(\.$ruleSet).limit(50).all()
            .sorted { $0.ruleSet.year > $1.ruleSet.year }
        let ruleRows = try rules.map { r in
            RuleRow(id: try r.requireID(), name: r.name, year: r.year, issuer: r.issuer.name, block: r.blockLabel, status: Self.status(r))
        }
        let sheetRows = try sheets.map { s in
            SheetRow(id: try s.requireID(), rule: s.ruleSet.name, year: s.ruleSet.year, points: ScorePoints.text(s.final),
                     max: ScorePoints.text(s.card?.maxPoints ?? 0), status: ScoreSheetController.status(s))
        }
        struct Content: Encodable { let rules: [RuleRow]; let sheets: [SheetRow]; let mayWrite: Bool }
        return try await req.render("scoring/index", title: "Chấm điểm chỉ số cải cách hành chính", section: "scoring",
                                    Content(rules: ruleRows, sheets: sheetRows, mayWrite: viewer.writesScoringRules))
    }

    static func status(_ r: ScoringRuleSet) -> String {
        if let at = r.approvedAt { return "Đã phê duyệt \(AppClock.display(at))" }
        if let at = r.computedAt { return "Đã tính điểm \(AppClock.display(at)), chờ thẩm định và phê duyệt" }
        return "Chưa tính điểm"
    }

    // MARK: The editor

    struct RuleForm: Content {
        var name: String?
        var year: String?
        var level: String?
        var kinds: [String]?
        var text: String?
        var action: String?
    }

    struct Option: Encodable { let value: String; let label: String; let selected: Bool }
    struct PreviewRow: Encodable { let rank: Int; let unit: String; let points: String; let noData: String }
    struct EditorContent: Encodable {
        let ruleID: UUID?
        let name: String
        let year: String
        let levels: [Option]
        let kinds: [Option]
        let text: String
        let problems: [String]
        let preview: [PreviewRow]?
        let previewYear: Int
        let previewCount: Int
        let max: String
    }

    func editor(_ req: Request, ruleID: UUID?, form: RuleForm, problems: [String] = [], preview: [PreviewRow]? = nil, previewCount: Int = 0,
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let year = Int(form.year ?? "") ?? req.application.clock.today().year
        let chosen = Set(form.kinds ?? [])
        let max = ScoringRuleText.parse(form.text ?? "").map(\.maxPoints)
        let content = EditorContent(
            ruleID: ruleID, name: form.name ?? "", year: form.year ?? "\(year)",
            levels: UnitLevel.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == (form.level ?? UnitLevel.commune.rawValue)) },
            kinds: UnitKind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: chosen.contains($0.rawValue)) },
            text: form.text ?? "", problems: problems, preview: preview, previewYear: year - 1, previewCount: previewCount,
            max: (try? max.get()).map(ScorePoints.text) ?? "—")
        return try await req.render("scoring/rule", title: ruleID == nil ? "Bộ tiêu chí mới" : "Sửa bộ tiêu chí", section: "scoring", content, status: status)
    }

    @Sendable func new(req: Request, viewer: Viewer) async throws -> Response {
        let year = req.application.clock.today().year
        return try await editor(req, ruleID: nil, form: RuleForm(name: "Tiêu chí thông tin, tuyên truyền CCHC — \(UnitLevel.commune.label.lowercased())",
                                                                  year: "\(year)", level: UnitLevel.commune.rawValue, kinds: [UnitKind.committee.rawValue],
                                                                  text: ScoringRuleText.dongNaiCommune2022))
    }

    static func input(_ form: RuleForm) -> ScoringService.RuleInput {
        .init(name: String((form.name ?? "").trimmingCharacters(in: .whitespaces).prefix(400)), year: Int(form.year ?? "") ?? 0,
              level: UnitLevel(rawValue: form.level ?? "") ?? .commune, kinds: (form.kinds ?? []).compactMap(UnitKind.init(rawValue:)),
              text: String((form.text ?? "").prefix(40_000)))
    }

    /// Saves the form, or shows it again with the problems (or with the preview against the year before).
    func submit(_ req: Request, viewer: Viewer, existing: ScoringRuleSet?) async throws -> Response {
        let form = try req.content.decode(RuleForm.self)
        let input = Self.input(form)
        let problems = ScoringService.check(input)
        let issuer = existing?.issuer ?? viewer.unit
        if form.action == "preview" {
            guard problems.isEmpty, case .success(let rule) = ScoringRuleText.parse(input.text),
                  let end = CalendarDate(year: input.year - 1, month: 12, day: 31) else {
                return try await editor(req, ruleID: existing?.id, form: form, problems: problems, status: .unprocessableEntity)
            }
            let block = ScoreMeasures.Block(issuer: issuer, year: input.year - 1, level: input.level, kinds: input.kinds, through: end)
            let scored = try await ScoringService.preview(rule, block: block, on: req.db)
            let ranked = ScoreRanking.rank(scored.enumerated().map { .init(id: $0.offset, name: $0.element.unit.name, points: $0.element.card.points) })
            let rows = ranked.prefix(300).map { r in
                PreviewRow(rank: r.rank, unit: r.entry.name, points: ScorePoints.text(r.entry.points),
                           noData: scored[r.entry.id].card.noData.joined(separator: "; "))
            }
            return try await editor(req, ruleID: existing?.id, form: form, preview: Array(rows), previewCount: scored.count)
        }
        guard problems.isEmpty else { return try await editor(req, ruleID: existing?.id, form: form, problems: problems, status: .unprocessableEntity) }
        do {
            let saved = try await ScoringService.save(input, existing: existing, issuer: issuer, actor: viewer.actor, now: req.now, on: req.db)
            req.flash("Đã lưu bộ tiêu chí “\(saved.name)” năm \(saved.year). Bấm “Tính điểm” để chấm các đơn vị từ dữ liệu.")
            return req.redirect(to: .scoringRule, try saved.requireID())
        } catch let error as AppError where error.status == .conflict || error.status == .unprocessableEntity {
            return try await editor(req, ruleID: existing?.id, form: form, problems: [error.reason], status: error.status)
        }
    }

    @Sendable func create(req: Request, viewer: Viewer) async throws -> Response {
        guard viewer.mayAppraise(scoresOf: viewer.unit) else { throw AppError.forbidden }
        return try await submit(req, viewer: viewer, existing: nil)
    }

    @Sendable func edit(req: Request, viewer: Viewer, rule: ScoringRuleSet) async throws -> Response {
        try await editor(req, ruleID: rule.id, form: RuleForm(name: rule.name, year: "\(rule.year)", level: rule.level.rawValue,
                                                               kinds: rule.kinds.map(\.rawValue), text: rule.text))
    }

    @Sendable func update(req: Request, viewer: Viewer, rule: ScoringRuleSet) async throws -> Response {
        try await submit(req, viewer: viewer, existing: rule)
    }

    // MARK: The table

    @Sendable func show(req: Request, viewer: Viewer, rule: ScoringRuleSet) async throws -> Response {
        let table = try await ScoringTable.load(rule, on: req.db)
        struct Content: Encodable {
            let id: UUID; let name: String; let year: Int; let issuer: String; let block: String; let status: String
            let text: String; let columns: [ColumnText]; let rows: [ScoringTable.Row]; let max: String
            let mayAppraise: Bool; let mayApprove: Bool; let approved: Bool; let waiting: Int
        }
        return try await req.render("scoring/table", title: rule.name, section: "scoring", Content(
            id: try rule.requireID(), name: rule.name, year: rule.year, issuer: rule.issuer.name, block: rule.blockLabel, status: Self.status(rule),
            text: rule.text, columns: table.columns.map { ColumnText(code: $0.code, name: $0.name, max: ScorePoints.text($0.maxPoints)) }, rows: table.rows, max: ScorePoints.text(table.max),
            mayAppraise: viewer.mayAppraise(scoresOf: rule.issuer), mayApprove: viewer.mayApprove(scoresOf: rule.issuer),
            approved: rule.isApproved, waiting: table.rows.filter(\.waiting).count))
    }

    @Sendable func compute(req: Request, viewer: Viewer, rule: ScoringRuleSet) async throws -> Response {
        let n = try await ScoringService.compute(rule, actor: viewer.actor, now: req.now, today: req.application.clock.today(), on: req.db)
        req.flash("Đã tính điểm \(n) đơn vị từ dữ liệu năm \(rule.year).")
        return req.redirect(to: .scoringRule, try rule.requireID())
    }

    @Sendable func approve(req: Request, viewer: Viewer, rule: ScoringRuleSet) async throws -> Response {
        try await ScoringService.approve(rule, actor: viewer.actor, now: req.now, on: req.db)
        req.flash("Đã phê duyệt bảng điểm năm \(rule.year). Bộ tiêu chí và bảng điểm không thay đổi nữa.")
        return req.redirect(to: .scoringRule, try rule.requireID())
    }

    @Sendable func copy(req: Request, viewer: Viewer, rule: ScoringRuleSet) async throws -> Response {
        let next = try await ScoringService.copyToNextYear(rule, actor: viewer.actor, now: req.now, on: req.db)
        req.flash("Đã sao chép sang năm \(next.year); sửa bộ tiêu chí năm \(next.year) không làm thay đổi năm \(rule.year).")
        return req.redirect(to: .scoringEdit, try next.requireID())
    }

    @Sendable func xlsx(req: Request, viewer: Viewer, rule: ScoringRuleSet) async throws -> Response {
        let data = try ScoreTableWriter.xlsx(try await ScoringTable.document(rule, on: req.db))
        return .download(data, filename: "bang-diem-\(VietnameseText.slug(rule.name))-\(rule.year).xlsx",
                         contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }

    @Sendable func docx(req: Request, viewer: Viewer, rule: ScoringRuleSet) async throws -> Response {
        let data = try ScoreTableWriter.docx(try await ScoringTable.document(rule, on: req.db))
        return .download(data, filename: "phu-luc-bang-diem-\(VietnameseText.slug(rule.name))-\(rule.year).docx",
                         contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    }
}

extension Need where Record == ScoringRuleSet {
    static var appraise: Need { Need { $0.mayAppraise(scoresOf: $1.issuer) } }
    static var approve: Need { Need { $0.mayApprove(scoresOf: $1.issuer) } }
}
