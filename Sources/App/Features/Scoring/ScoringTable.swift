import Domain
import Fluent
import Vapor

/// A rule's stored sheets as its ranked table: for the page, the exports and the API.
enum ScoringTable {
    struct Row: Content {
        let sheetID: UUID
        let unit: String
        let unitCode: String
        let rank: Int
        let tied: Bool
        let criteria: [String]
        let computed: String
        let proposed: String?
        let appraised: String?
        let final: String
        let waiting: Bool
        let noData: [String]
    }

    struct Loaded: Sendable {
        let columns: [ScoreTable.Column]
        let rows: [Row]
        let max: Decimal
        let sheets: [(sheet: ScoreSheet, rank: Int)]
    }

    static func load(_ set: ScoringRuleSet, on db: any Database) async throws -> Loaded {
        let rule = set.rule ?? ScoringRule(criteria: [])
        let columns = ScoreTable.columns(of: rule)
        let sheets = try await ScoreSheet.query(on: db).filter(\.$ruleSet.$id == set.requireID()).with(\.$unit).all()
        let ranked = ScoreRanking.rank(sheets.enumerated().map { .init(id: $0.offset, name: $0.element.unit.name, points: $0.element.final) })
        var rows: [Row] = []
        var ordered: [(sheet: ScoreSheet, rank: Int)] = []
        for r in ranked {
            let s = sheets[r.entry.id]
            let card = s.card
            rows.append(Row(sheetID: try s.requireID(), unit: s.unit.name, unitCode: s.unit.code, rank: r.rank, tied: r.tied,
                            criteria: card.map { ScoreTable.points($0, columns: columns).map(ScorePoints.text) } ?? columns.map { _ in "" },
                            computed: ScorePoints.text(s.computed), proposed: s.proposed.map(ScorePoints.text),
                            appraised: s.appraised.map(ScorePoints.text), final: ScorePoints.text(s.final), waiting: s.awaitsAppraisal,
                            noData: card?.noData ?? []))
            ordered.append((s, r.rank))
        }
        return Loaded(columns: columns, rows: rows, max: rule.maxPoints, sheets: ordered)
    }

    /// The table for the `.xlsx` and the Decree 30 `.docx` annex.
    static func document(_ set: ScoringRuleSet, on db: any Database) async throws -> ScoreTable {
        let loaded = try await load(set, on: db)
        let above = try await set.issuer.$parent.get(on: db)
        let rows = loaded.sheets.map { s, rank in
            ScoreTable.Row(rank: rank, unit: s.unit.name, criteria: s.card.map { ScoreTable.points($0, columns: loaded.columns) } ?? [],
                           computed: s.computed, proposed: s.proposed, appraised: s.appraised, final: s.final,
                           note: [s.appraisalNote, s.card?.noData.isEmpty == false ? "Chưa có dữ liệu: " + (s.card?.noData.joined(separator: "; ") ?? "") : nil]
                            .compactMap { $0 }.joined(separator: " — "))
        }
        let today = AppClock.calendarDate(set.approvedAt ?? set.computedAt ?? set.updatedAt)
        return ScoreTable(issuer: set.issuer.name, issuerAbove: above?.name, title: "Bảng điểm \(set.name)", year: set.year, block: set.blockLabel,
                          columns: loaded.columns, maxPoints: loaded.max, rows: rows,
                          approved: set.approvedAt.map { "Đã phê duyệt ngày \(AppClock.display($0)) (\(set.approvedBy ?? ""))." },
                          place: "ngày \(today.day) tháng \(today.month) năm \(today.year)")
    }
}
