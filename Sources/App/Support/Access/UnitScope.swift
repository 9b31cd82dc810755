import Domain
import Fluent
import FluentSQL
import SQLKit
import Vapor

/// A set of units, by their live place in the tree: everything, a list of units, or whole subtrees (a unit and every
/// unit below it, by path prefix). One definition with three faces: `contains(_:)` for one record, `within(_:)` for a
/// Fluent query over records that belong to units, and `sql(_:)` for raw queries. A viewer's rights are scopes
/// (`Viewer.scope(_:)`); so are the subtrees the registry and the reports walk. No other code matches unit paths.
struct UnitScope: Sendable, Equatable {
    enum Reach: Sendable, Equatable {
        case everything
        case units([UUID])
        /// Path prefixes; `strictly`: the units below each prefix, not the unit that has it.
        case subtrees([String], strictly: Bool)
    }

    let reach: Reach

    static let everything = UnitScope(reach: .everything)
    static let nothing = UnitScope(reach: .units([]))

    static func units(_ ids: [UUID]) -> UnitScope { UnitScope(reach: .units(ids)) }

    /// `unit` and every unit below it.
    static func subtree(of unit: Unit) -> UnitScope { UnitScope(reach: .subtrees([unit.path], strictly: false)) }
    /// The subtree of the unit whose path is `path`.
    static func subtree(path: String) -> UnitScope { UnitScope(reach: .subtrees([path], strictly: false)) }
    /// Every unit below `unit`, without it.
    static func below(_ unit: Unit) -> UnitScope { UnitScope(reach: .subtrees([unit.path], strictly: true)) }
    static func subtrees(_ paths: [String]) -> UnitScope { UnitScope(reach: .subtrees(paths, strictly: false)) }

    // MARK: One record

    func contains(_ unit: Unit) -> Bool { contains(id: unit.id, path: unit.path) }

    func contains(id: UUID?, path: String) -> Bool {
        switch reach {
        case .everything: return true
        case .units(let ids): return id.map(ids.contains) ?? false
        case .subtrees(let paths, let strictly): return paths.contains { path.hasPrefix($0) && (!strictly || path != $0) }
        }
    }

    // MARK: Raw SQL

    /// `column IN (…)` (or a constant) for a column that holds unit ids, e.g. `sql("a.unit_id")`.
    func sql(_ column: String) -> SQLQueryString {
        switch reach {
        case .everything: return "1 = 1"
        case .units(let ids) where ids.isEmpty: return "1 = 0"
        case .units(let ids):
            return "\(unsafeRaw: column) IN (\(ids.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")))"
        case .subtrees:
            return "\(unsafeRaw: column) IN (SELECT s.id FROM units s WHERE \(pathCondition("s.path")))"
        }
    }

    /// The condition on a units table's path column alone (`s.path LIKE '/…/%' ESCAPE '\'` …), for queries that read
    /// the units themselves.
    func pathCondition(_ column: String) -> SQLQueryString {
        switch reach {
        case .everything: return "1 = 1"
        case .units(let ids) where ids.isEmpty: return "1 = 0"
        case .units(let ids):
            let table = column.split(separator: ".").dropLast().joined(separator: ".")
            return "\(unsafeRaw: table.isEmpty ? "id" : table + ".id") IN (\(ids.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")))"
        case .subtrees(let paths, _) where paths.isEmpty:
            return "1 = 0"
        case .subtrees(let paths, let strictly):
            let each = paths.map { "\(unsafeRaw: column) LIKE \(bind: LikePattern.escaped($0) + (strictly ? "_%" : "%")) ESCAPE '\\'" as SQLQueryString }
            return "(\(each.joined(separator: " OR ")))"
        }
    }

    // MARK: Fluent

    /// The filter on a units query (`Unit.query(on:).filter(scope.unitFilter)`).
    var unitFilter: DatabaseQuery.Filter {
        .sql(embed: pathCondition("\(Unit.schema).path"))
    }

    /// The filter on a column of unit ids (of `table`): the records of the units in the scope.
    func filter(ownerColumn column: String, table: String) -> DatabaseQuery.Filter {
        .sql(embed: sql("\(table).\(column)"))
    }
}

extension QueryBuilder where Model: UnitOwned {
    /// Only the records of the units in `scope` (for units themselves, by their own paths).
    func within(_ scope: UnitScope) -> Self {
        if scope.reach == .everything { return self }
        if Model.self == Unit.self { return filter(scope.unitFilter) }
        return filter(scope.filter(ownerColumn: Model.ownerUnitColumn, table: Model.schema))
    }
}
