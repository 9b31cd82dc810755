import Domain
import Fluent
import Foundation

/// Every distinct name of a draft's task table with what it was matched to and how surely, the uncertain first,
/// each with a field to choose another unit or group.
struct PlanUnitsPage: Encodable {
    struct Row: Encodable {
        let field: String
        let key: String
        let name: String
        let roles: String
        let tasks: Int
        let target: String?
        let targetURL: String?
        let match: String
        let uncertain: Bool
        let ignored: Bool
        let typed: String
        let error: String?
    }

    let id: String
    let title: String
    let isDraft: Bool
    let warnings: [String]
    let rows: [Row]
    let uncertain: Int

    static func load(_ plan: Plan, errors: [String: String], typed: [String: String], on db: any Database) async throws -> PlanUnitsPage {
        // An issued plan's names no longer change here: nothing to list.
        let links = plan.status == .draft ? try await PlanReadModel.load(planID: plan.requireID(), on: db).allLinks : []
        let names = try await PlanReadModel.names(of: links, on: db)
        let keys = UnitNameKey.keys(of: links.map(\.name))
        let groups = Dictionary(grouping: links, by: { keys[$0.name] ?? "" })
        let ordered = groups.sorted { a, b in
            func rank(_ l: PlanReadModel.Link) -> (Int, Double) {
                (l.match == .unresolved ? 0 : (l.match == .fuzzy ? 1 : 2), l.confidence)
            }
            let (ra, rb) = (rank(a.value[0]), rank(b.value[0]))
            return ra != rb ? ra < rb : a.value[0].name.localizedStandardCompare(b.value[0].name) == .orderedAscending
        }
        let rows = ordered.enumerated().map { index, entry -> Row in
            let (key, list) = entry
            let first = list[0]
            let display = names.row(first)
            let roles = Set(list.map(\.role))
            return Row(field: "r\(index)", key: key, name: first.name,
                       roles: roles.count == 2 ? "Chủ trì, phối hợp" : (roles.contains(.lead) ? "Chủ trì" : "Phối hợp"),
                       tasks: Set(list.map(\.taskID)).count, target: display.target, targetURL: display.targetURL,
                       match: display.match, uncertain: display.uncertain, ignored: first.match == .ignored,
                       typed: typed[key] ?? "", error: errors[key])
        }
        return PlanUnitsPage(id: try plan.requireID().uuidString, title: plan.title, isDraft: plan.status == .draft,
                             warnings: plan.sections.warnings, rows: rows, uncertain: rows.filter(\.uncertain).count)
    }
}
