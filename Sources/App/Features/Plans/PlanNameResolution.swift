import Domain
import Fluent
import Vapor

/// Applies what a user decided for the names of a draft's task table: all of it, or (when one choice cannot
/// be read) none of it, with a message beside each choice that failed.
enum PlanNameResolution {
    struct Outcome {
        var changed = 0
        var errors: [String: String] = [:]
        var typed: [String: String] = [:]
    }

    static func apply(_ form: PlanUnitsForm, plan: Plan, viewer: Viewer, now: Date, on db: any Database) async throws -> Outcome {
        var outcome = Outcome()
        var decisions: [String: (UnitResolution, aliasOf: Unit?)] = [:]
        var newUnits: [Unit] = []
        var summaries: [String] = []
        let links = try await TaskUnit.query(on: db).filter(\.$plan.$id == plan.requireID()).all()
        let keys = UnitNameKey.keys(of: links.map(\.name))
        let namesByKey = Dictionary(grouping: links, by: { keys[$0.name] ?? "" })
        for (_, row) in (form.rows ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let key = row.key, let sample = namesByKey[key]?.first else { continue }
            let choice = VietnameseText.clean(String((row.choice ?? "").prefix(200)))
            if !choice.isEmpty { outcome.typed[key] = choice }
            if row.ignore == "1" {
                decisions[key] = (UnitResolution(unitID: nil, groupID: nil, match: .ignored, confidence: 1), nil)
                summaries.append("\(sample.name) → không giao cho đơn vị cụ thể")
                continue
            }
            if row.create == "1" {
                guard viewer.mayPlace(under: plan.unit) else {
                    outcome.errors[key] = "Bạn không được thêm đơn vị vào \(plan.unit.name)."
                    continue
                }
                let unit = Unit(code: try await freeCode(for: sample.name, under: plan.unit, taken: newUnits.map(\.code), on: db),
                                name: sample.name, kind: UnitKind(guessingFrom: sample.name),
                                level: UnitKind(guessingFrom: sample.name) == .hamlet ? .below : plan.unit.level, parent: plan.unit)
                newUnits.append(unit)
                decisions[key] = (UnitResolution(unitID: unit.id, groupID: nil, match: .chosen, confidence: 1), nil)
                summaries.append("\(sample.name) → đơn vị mới \(unit.code)")
                continue
            }
            guard !choice.isEmpty else { continue }
            if let group = try await group(named: choice, near: plan.unit, on: db) {
                decisions[key] = (UnitResolution(unitID: nil, groupID: group.id, match: .chosen, confidence: 1), nil)
                summaries.append("\(sample.name) → nhóm \(group.name)")
                continue
            }
            switch try await UnitPicker.resolve(id: nil, query: choice, allowed: { _ in true }, date: plan.issuedOn, on: db) {
            case .unit(let unit):
                var aliasOf: Unit?
                if row.alias == "1" {
                    if viewer.may(.manage, unit) { aliasOf = unit } else {
                        outcome.errors[key] = "Bạn không quản lý \(unit.name) nên không thêm được tên gọi khác cho đơn vị này."
                    }
                }
                decisions[key] = (UnitResolution(unitID: unit.id, groupID: nil, match: .chosen, confidence: 1), aliasOf)
                summaries.append("\(sample.name) → \(unit.name)")
            case .choose(let units):
                outcome.errors[key] = "Có \(units.count) đơn vị khớp với \"\(choice)\"; hãy nhập mã đơn vị (ví dụ \(units[0].code))."
            case .none, .notFound:
                outcome.errors[key] = "Không tìm thấy đơn vị hoặc nhóm đơn vị \"\(choice)\"."
            }
        }
        guard outcome.errors.isEmpty, !decisions.isEmpty else { return outcome }
        let chosen = decisions
        let created = newUnits
        let summary = "Xác định đơn vị trong kế hoạch \"\(plan.title)\": " + summaries.sorted().joined(separator: "; ")
        outcome.changed = try await db.audited(by: viewer.actor, at: now) { db, audit -> Int in
            var changed = 0
            for unit in created {
                try await unit.create(on: db)
                try await audit.record(.create, .unit, id: unit.id, unit: unit.id,
                                       summary: "Thêm đơn vị \(unit.name) (\(unit.code)) từ kế hoạch \"\(plan.title)\"",
                                       before: UnitDTO?.none, after: UnitDTO(unit, aliases: []))
            }
            for (key, decision) in chosen {
                for link in namesByKey[key] ?? [] {
                    link.apply(decision.0)
                    try await link.save(on: db)
                    changed += 1
                }
                if let unit = decision.aliasOf, let name = namesByKey[key]?.first?.name {
                    let aliases = try await UnitAlias.query(on: db).filter(\.$unit.$id == unit.requireID()).all().map(\.name)
                    if !aliases.map(UnitNameKey.of).contains(key), UnitNameKey.of(unit.name) != key {
                        try await UnitAlias(unitID: try unit.requireID(), name: name).create(on: db)
                        try await audit.record(.update, .unit, id: unit.id, unit: unit.id, summary: "Thêm tên gọi khác \"\(name)\" cho \(unit.name)",
                                               before: UnitDTO(unit, aliases: aliases.sorted()), after: UnitDTO(unit, aliases: (aliases + [name]).sorted()))
                    }
                }
            }
            try await audit.record(.update, .plan, id: plan.id, unit: plan.$unit.id, summary: summary)
            return changed
        }
        return outcome
    }

    /// A code for a new unit: the parent's code and the initials of the name ("ST-CTH-BQLCTH"), numbered when taken.
    static func freeCode(for name: String, under parent: Unit, taken: [String], on db: any Database) async throws -> String {
        let initials = VietnameseText.fold(name).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).compactMap(\.first).map(String.init).joined().uppercased()
        let base = parent.code + "-" + String((initials.isEmpty ? "DV" : initials).prefix(12))
        let existing = Set(try await Unit.query(on: db).filter(\.$code, .custom("LIKE"), base + "%").all().map(\.code) + taken)
        guard existing.contains(base) else { return base }
        return (2...999).map { "\(base)\($0)" }.first { !existing.contains($0) } ?? base + "-" + UUID().uuidString.prefix(4)
    }

    /// A group named `text` (its name or an alias), anchored nearest the plan's issuer.
    static func group(named text: String, near issuer: Unit, on db: any Database) async throws -> UnitGroup? {
        let key = UnitNameKey.of(text)
        let groups = try await UnitGroup.query(on: db).with(\.$anchor).with(\.$aliases).all().filter { group in
            ([group.name] + group.aliases.map(\.name)).contains { UnitNameKey.of($0) == key }
        }
        return groups.min { a, b in
            func distance(_ g: UnitGroup) -> Int { g.anchor.id == issuer.id ? 0 : (UnitScope.subtree(of: g.anchor).contains(issuer) ? 1 : 2) }
            return distance(a) < distance(b)
        }
    }
}
