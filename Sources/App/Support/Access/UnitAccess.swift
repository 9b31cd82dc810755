import Fluent
import FluentSQL
import SQLKit
import Vapor

/// What an account wants to do with a unit's records.
enum UnitAccess: Sendable {
    /// See its records (contact details, accounts, history, and later plans, reports …).
    case read
    /// Change its own records (contact details, activities, reports).
    case edit
    /// Change the registry entry and the accounts: create below it, edit, move, retire, import.
    case manage
}

extension Viewer {
    /// The one access rule. Administrators: everything. Plan owners: their unit and everything below
    /// it, managing included. Leaders: read their subtree. Reporters: read and edit their own unit.
    /// Decided by the unit's current place in the tree (its live path), never by a copied one.
    /// Reading reaches the history too: the records of the units the viewer's unit succeeded (and, for plan
    /// owners and leaders, of the units that were below them), by their live paths.
    func may(_ access: UnitAccess, _ target: Unit) -> Bool {
        scope(access).contains(target)
    }

    /// The units whose records this account may read, edit or manage, as one value (see `UnitScope`): the rule above,
    /// for single records, lists and raw queries alike.
    func scope(_ access: UnitAccess) -> UnitScope {
        switch (role, access) {
        case (.admin, _): return .everything
        case (.planOwner, .read), (.leader, .read): return .subtrees([unit.path] + predecessors.map(\.path))
        case (.planOwner, _): return .subtree(of: unit)
        case (.leader, _): return .nothing
        case (.reporter, .read): return .units([unit.id].compactMap { $0 } + predecessors.map(\.id))
        case (.reporter, .edit): return .units([unit.id].compactMap { $0 })
        case (.reporter, .manage): return .nothing
        }
    }

    /// What this account reads as the present, without its unit's history: the roll-ups count a predecessor's work
    /// only up to the day it passed on (`Predecessor.until`), through `historyScope(_:)`. Together they are `scope(.read)`.
    var presentScope: UnitScope {
        switch role {
        case .admin: return .everything
        case .planOwner, .leader: return .subtree(of: unit)
        case .reporter: return .units([unit.id].compactMap { $0 })
        }
    }

    /// The part of `scope(.read)` that one predecessor brings: its subtree, or for a reporter the unit alone.
    func historyScope(_ predecessor: Predecessor) -> UnitScope {
        role == .reporter ? .units([predecessor.id]) : .subtree(path: predecessor.path)
    }

    /// May approve the cost estimates of a plan of `issuer`: the issuing unit's leaders and plan owners, and administrators.
    func mayApproveBudget(of issuer: Unit) -> Bool {
        isAdmin || ((role == .leader || role == .planOwner) && unit.id == issuer.id)
    }

    /// May start surveys (for its own unit, and plan owners for the units right below).
    var mayStartSurveys: Bool { scope(.edit) != .nothing }

    /// May put a unit (new or moved) under `parent`; only administrators make a unit without a parent.
    func mayPlace(under parent: Unit?) -> Bool {
        guard let parent else { return isAdmin }
        return may(.manage, parent)
    }

    /// May retire or move `target`: inside what the account manages, and never the unit its own rights hang on.
    func mayRetireOrMove(_ target: Unit) -> Bool {
        may(.manage, target) && (isAdmin || target.id != unit.id)
    }

    /// Whether the registry and account screens offer changes at all.
    var managesRegistry: Bool { role == .admin || role == .planOwner }

    /// May change `account` (name, role, unit, password, lock, tokens): its unit is managed by this
    /// account, and only administrators touch administrators.
    func mayManage(account: User, of accountUnit: Unit) -> Bool {
        may(.manage, accountUnit) && (isAdmin || account.role != .admin)
    }

    /// May read a plan of `issuer`: whoever may read the issuer's records, and every unit below the issuer
    /// (a plan is addressed to the units under it, which also derive their own plans from it).
    func mayRead(planOf issuer: Unit) -> Bool {
        may(.read, issuer) || UnitScope.subtree(of: issuer).contains(unit)
    }

    /// May return, accept or reopen the reports of `unit`: administrators, and plan owners of a unit above it.
    func mayReview(reportsOf target: Unit) -> Bool {
        isAdmin || (role == .planOwner && UnitScope.below(unit).contains(target))
    }

    /// May remind the units right below `target` of their missing reports.
    func mayRemind(under target: Unit) -> Bool {
        isAdmin || (role == .planOwner && may(.manage, target))
    }

    /// May import plan documents (for its own unit; administrators for any).
    var mayImportPlans: Bool { isAdmin || role == .planOwner }

    /// May write, import, issue or amend a plan of `issuer`: the issuing unit's own plan owners, and administrators.
    func mayAuthor(planOf issuer: Unit) -> Bool {
        isAdmin || (role == .planOwner && issuer.id == unit.id)
    }

    /// The roles this account may give.
    var assignableRoles: [Role] { isAdmin ? Role.allCases : [.planOwner, .leader, .reporter] }
}

extension User: UnitOwned { static let ownerUnitColumn = "unit_id" }

extension UnitAlias: UnitOwned { static let ownerUnitColumn = "unit_id" }

extension AuditEntry: UnitOwned { static let ownerUnitColumn = "unit_id" }

extension Unit: UnitOwned { static let ownerUnitColumn = "id" }

extension Plan: UnitOwned { static let ownerUnitColumn = "unit_id" }

extension Assignment: UnitOwned { static let ownerUnitColumn = "unit_id" }

extension CostEstimate: UnitOwned { static let ownerUnitColumn = "unit_id" }

extension Activity: UnitOwned { static let ownerUnitColumn = "unit_id" }

extension EvidenceFile: UnitOwned { static let ownerUnitColumn = "unit_id" }

extension Survey: UnitOwned { static let ownerUnitColumn = "unit_id" }

extension Contest: UnitOwned { static let ownerUnitColumn = "unit_id" }

extension CitizenQuestion: UnitOwned { static let ownerUnitColumn = "unit_id" }


extension QueryBuilder where Model == Plan {
    /// The plans `viewer` may read (`mayRead(planOf:)`): those of the units it may see, and those of the units above it.
    func readable(by viewer: Viewer) -> Self {
        guard !viewer.isAdmin else { return self }
        let above = viewer.unit.ancestorIDs.filter { $0 != viewer.unit.id }
        return group(.or) { or in
            or.visible(to: viewer)
            if !above.isEmpty { or.within(.units(above)) }
        }
    }
}

extension QueryBuilder where Model: UnitOwned {
    /// Only the records of units `viewer` may read, by each unit's current place in the tree: a unit
    /// moved to another parent is seen by its new parent's plan owners at once, its history with it; the records
    /// of the units the viewer's unit succeeded are its history and are read the same way.
    /// Records that belong to no unit are for administrators only.
    func visible(to viewer: Viewer) -> Self {
        within(viewer.scope(.read))
    }
}
