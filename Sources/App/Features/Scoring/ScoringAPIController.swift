import Domain
import Fluent
import Vapor

/// The scoring tables through the API: the rules the token's account reads, a rule's ranked table, and one sheet
/// (a unit reads its own; the issuing unit's office reads all of its block).
struct ScoringAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.apiScoringRules, use: rules)
        routes.on(.apiScoringTable, load: ScoringRuleSet.self, need: .read, use: table)
        routes.on(.apiScoreSheet, load: ScoreSheet.self, need: .read, use: sheet)
    }

    struct RuleSummary: Content { let id: UUID; let name: String; let year: Int; let issuer: String; let block: String; let approved: Bool; let maxPoints: Double }
    struct RuleList: Content { let items: [RuleSummary] }
    struct Table: Content { let rule: RuleSummary; let columns: [String]; let rows: [ScoringTable.Row] }
    struct Sheet: Content { let id: UUID; let unit: String; let year: Int; let computed: Double; let proposed: Double?; let appraised: Double?
        let final: Double; let card: UnitScoreCard? }

    static func summary(_ r: ScoringRuleSet) throws -> RuleSummary {
        RuleSummary(id: try r.requireID(), name: r.name, year: r.year, issuer: r.issuer.name, block: r.blockLabel, approved: r.isApproved,
                    maxPoints: ScorePoints.double(r.rule?.maxPoints ?? 0))
    }

    @Sendable func rules(req: Request, viewer: Viewer) async throws -> RuleList {
        RuleList(items: try await ScoringRuleSet.query(on: req.db).visible(to: viewer).with(\.$issuer).sort(\.$year, .descending).limit(500).all()
            .map(Self.summary))
    }

    @Sendable func table(req: Request, viewer: Viewer, rule: ScoringRuleSet) async throws -> Table {
        let loaded = try await ScoringTable.load(rule, on: req.db)
        return Table(rule: try Self.summary(rule), columns: loaded.columns.map { "\($0.code). \($0.name)" }, rows: loaded.rows)
    }

    @Sendable func sheet(req: Request, viewer: Viewer, sheet: ScoreSheet) async throws -> Sheet {
        Sheet(id: try sheet.requireID(), unit: sheet.unit.name, year: sheet.ruleSet.year, computed: ScorePoints.double(sheet.computed),
              proposed: sheet.proposed.map(ScorePoints.double), appraised: sheet.appraised.map(ScorePoints.double),
              final: ScorePoints.double(sheet.final), card: sheet.card)
    }
}
