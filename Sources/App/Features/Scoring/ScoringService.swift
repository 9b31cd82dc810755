import Domain
import Fluent
import Foundation
import Vapor

/// The scoring year of a block: the office writes the rule and computes the table from the records; each unit may
/// propose another score with a reason and evidence links; the office appraises (accepts or adjusts with a reason);
/// the leader approves, which freezes the rule and the table. Every step is audited.
enum ScoringService {
    struct RuleInput: Sendable {
        var name: String
        var year: Int
        var level: UnitLevel
        var kinds: [UnitKind]
        var text: String
    }

    /// The input checked, or the problems by line (the editor shows them beside the text).
    static func check(_ input: RuleInput) -> [String] {
        var problems: [String] = []
        if input.name.trimmingCharacters(in: .whitespaces).isEmpty || input.name.count > 300 { problems.append("Nhập tên bộ tiêu chí (đến 300 ký tự).") }
        if input.year < 2000 || input.year > 2100 { problems.append("Năm áp dụng phải từ 2000 đến 2100.") }
        if input.kinds.isEmpty { problems.append("Chọn ít nhất một loại đơn vị được chấm.") }
        if input.text.count > 30_000 { problems.append("Nội dung bộ tiêu chí dài quá 30.000 ký tự.") }
        if case .failure(let p) = ScoringRuleText.parse(input.text) { problems += p.lines.map(\.description) }
        return problems
    }

    static func save(_ input: RuleInput, existing: ScoringRuleSet?, issuer: Unit, actor: AuditActor, now: Date, on db: any Database) async throws -> ScoringRuleSet {
        let problems = check(input)
        guard problems.isEmpty else { throw AppError(.unprocessableEntity, problems.joined(separator: "\n")) }
        if let existing, existing.isApproved {
            throw AppError(.conflict, "Bảng điểm năm \(existing.year) đã được phê duyệt: bộ tiêu chí không sửa được nữa. Sao chép sang năm sau để sửa.")
        }
        let issuerID = try issuer.requireID()
        let rule = existing ?? ScoringRuleSet(issuerID: issuerID, year: input.year, name: input.name, level: input.level, kinds: input.kinds,
                                              text: input.text, by: actor.name, at: now)
        let before = existing.map(Snapshot.init)
        rule.name = input.name; rule.year = input.year; rule.level = input.level
        rule.kindsText = input.kinds.map(\.rawValue).joined(separator: ","); rule.text = input.text
        rule.updatedBy = actor.name; rule.updatedAt = now
        try await db.audited(by: actor, at: now) { db, audit in
            if existing == nil { try await rule.create(on: db) } else { try await rule.update(on: db) }
            try await audit.record(existing == nil ? .create : .update, .scoringRule, id: rule.id, unit: rule.$issuer.id,
                                   summary: "\(existing == nil ? "Tạo" : "Sửa") bộ tiêu chí chấm điểm “\(rule.name)” năm \(rule.year)",
                                   before: before, after: Snapshot(rule))
        }
        return rule
    }

    struct Snapshot: Encodable { let name: String; let year: Int; let block: String; let text: String
        init(_ r: ScoringRuleSet) { name = r.name; year = r.year; block = r.blockLabel; text = r.text }
    }

    /// What every unit of the block scores under `rule` with the records of `year` (the preview of a draft against last
    /// year's data uses the draft's rule and the year before).
    static func preview(_ rule: ScoringRule, block: ScoreMeasures.Block, on db: any Database) async throws -> [(unit: Unit, card: UnitScoreCard)] {
        let units = try await ScoreMeasures.units(block, on: db)
        let measures = try await ScoreMeasures.compute(block, rule: rule, on: db)
        return units.map { unit in (unit, ScoreEvaluator.score(rule, unit.id.flatMap { measures[$0] } ?? UnitMeasures())) }
    }

    /// Computes (again) every unit's sheet; proposals and appraisals stay. Refused once the table is approved.
    @discardableResult
    static func compute(_ set: ScoringRuleSet, actor: AuditActor, now: Date, today: CalendarDate, on db: any Database) async throws -> Int {
        guard !set.isApproved else { throw AppError(.conflict, "Bảng điểm đã được phê duyệt; không tính lại được.") }
        guard let rule = set.rule else { throw AppError(.unprocessableEntity, "Bộ tiêu chí có lỗi; sửa trước khi tính điểm.") }
        let ruleID = try set.requireID()
        let scored = try await preview(rule, block: try ScoreMeasures.block(of: set, today: today), on: db)
        let existing = Dictionary(try await ScoreSheet.query(on: db).filter(\.$ruleSet.$id == ruleID).all().map { ($0.$unit.id, $0) }, uniquingKeysWith: { a, _ in a })
        try await db.audited(by: actor, at: now) { db, audit in
            var fresh: [ScoreSheet] = []
            for (unit, card) in scored {
                let unitID = try unit.requireID()
                let json = try StoredJSON.encode(card)
                if let sheet = existing[unitID] {
                    guard sheet.cardJSON != json else { continue }
                    sheet.cardJSON = json; sheet.computedText = ScoreSheet.store(card.points); sheet.computedAt = now
                    try await sheet.update(on: db)
                } else {
                    fresh.append(ScoreSheet(ruleID: ruleID, unitID: unitID, card: json, computed: card.points, at: now))
                }
            }
            for chunk in fresh.chunked(200) { try await Array(chunk).create(on: db) }
            set.computedAt = now
            try await set.update(on: db)
            try await audit.record(.update, .scoringRule, id: ruleID, unit: set.$issuer.id,
                                   summary: "Tính điểm “\(set.name)” năm \(set.year) từ dữ liệu: \(scored.count) đơn vị")
        }
        return scored.count
    }

    static func propose(_ sheet: ScoreSheet, points text: String, reason: String, links: String, actor: AuditActor, now: Date, on db: any Database) async throws {
        guard !sheet.ruleSet.isApproved else { throw AppError(.conflict, "Bảng điểm đã được phê duyệt; không đề nghị điểm khác được nữa.") }
        let points = try Self.points(text, max: sheet.card?.maxPoints ?? ScoringRuleText.maxPoints)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard reason.count >= 10, reason.count <= 4000 else { throw AppError(.unprocessableEntity, "Nêu lý do đề nghị điểm khác (từ 10 đến 4.000 ký tự).") }
        let linkList = links.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard linkList.count <= 20, linkList.allSatisfy({ ($0.hasPrefix("https://") || $0.hasPrefix("http://") || $0.hasPrefix("/")) && $0.count <= 500 }) else {
            throw AppError(.unprocessableEntity, "Mỗi dòng minh chứng là một đường dẫn (http://, https:// hoặc đường dẫn trong hệ thống), tối đa 20 dòng.")
        }
        try await db.audited(by: actor, at: now) { db, audit in
            let before = ScoreSheet.store(sheet.final)
            sheet.proposedText = ScoreSheet.store(points); sheet.proposalReason = reason; sheet.proposalLinks = linkList.joined(separator: "\n")
            sheet.proposedBy = actor.name; sheet.proposedAt = now
            try await sheet.update(on: db)
            try await audit.record(.submit, .scoreSheet, id: sheet.id, unit: sheet.$unit.id,
                                   summary: "Tự đánh giá: đề nghị \(ScorePoints.text(points)) điểm (hệ thống tính \(ScorePoints.text(sheet.computed))) — \(reason.prefix(200))",
                                   before: before, after: sheet.proposedText)
        }
    }

    static func appraise(_ sheet: ScoreSheet, points text: String, note: String, actor: AuditActor, now: Date, on db: any Database) async throws {
        guard !sheet.ruleSet.isApproved else { throw AppError(.conflict, "Bảng điểm đã được phê duyệt; không thẩm định lại được.") }
        let points = try Self.points(text, max: sheet.card?.maxPoints ?? ScoringRuleText.maxPoints)
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if points != sheet.computed && note.count < 5 {
            throw AppError(.unprocessableEntity, "Điểm thẩm định khác điểm hệ thống tính: ghi lý do (ít nhất 5 ký tự).")
        }
        guard note.count <= 4000 else { throw AppError(.unprocessableEntity, "Lý do dài quá 4.000 ký tự.") }
        try await db.audited(by: actor, at: now) { db, audit in
            let before = ScoreSheet.store(sheet.final)
            sheet.appraisedText = ScoreSheet.store(points); sheet.appraisalNote = note.isEmpty ? nil : note
            sheet.appraisedBy = actor.name; sheet.appraisedAt = now
            try await sheet.update(on: db)
            try await audit.record(.accept, .scoreSheet, id: sheet.id, unit: sheet.$unit.id,
                                   summary: "Thẩm định: \(ScorePoints.text(points)) điểm\(note.isEmpty ? "" : " — \(note.prefix(200))")",
                                   before: before, after: sheet.appraisedText)
        }
    }

    /// The leader approves the final table: refused while a proposal waits for appraisal or nothing is computed.
    static func approve(_ set: ScoringRuleSet, actor: AuditActor, now: Date, on db: any Database) async throws {
        guard !set.isApproved else { throw AppError(.conflict, "Bảng điểm này đã được phê duyệt.") }
        let sheets = try await ScoreSheet.query(on: db).filter(\.$ruleSet.$id == set.requireID()).all()
        guard !sheets.isEmpty else { throw AppError(.unprocessableEntity, "Chưa tính điểm: không có gì để phê duyệt.") }
        let waiting = sheets.filter(\.awaitsAppraisal).count
        guard waiting == 0 else { throw AppError(.unprocessableEntity, "Còn \(waiting) đơn vị đề nghị điểm khác chưa được thẩm định.") }
        try await db.audited(by: actor, at: now) { db, audit in
            set.approvedAt = now; set.approvedBy = actor.name
            try await set.update(on: db)
            try await audit.record(.publish, .scoringRule, id: set.id, unit: set.$issuer.id,
                                   summary: "Phê duyệt bảng điểm “\(set.name)” năm \(set.year): \(sheets.count) đơn vị")
        }
    }

    /// Next year's rule: a copy, so changing it leaves this year's table as it was published.
    static func copyToNextYear(_ set: ScoringRuleSet, actor: AuditActor, now: Date, on db: any Database) async throws -> ScoringRuleSet {
        try await save(.init(name: set.name, year: set.year + 1, level: set.level, kinds: set.kinds, text: set.text), existing: nil,
                       issuer: set.issuer, actor: actor, now: now, on: db)
    }

    static func points(_ text: String, max: Decimal) throws -> Decimal {
        guard let p = ScorePoints.parse(text), p <= max else {
            throw AppError(.unprocessableEntity, "Số điểm “\(text.prefix(20))” phải là một số từ 0 đến \(ScorePoints.text(max)), tối đa hai chữ số thập phân.")
        }
        return p
    }
}
