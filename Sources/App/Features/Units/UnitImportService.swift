import Fluent
import SQLKit
import Vapor
import Domain

/// Imports a registry CSV all or nothing, in linear time, holding the write lock only for the final
/// bulk statements.
///
/// Everything that can fail on the data — columns, codes, parents, cycles through the existing tree,
/// lengths — is checked in memory first; the new tree (ids, parents, paths, including the paths of
/// existing units under a moved one) is computed there too. Then one short write transaction upserts
/// the units, replaces their aliases and writes the audit entries in multi-row statements.
enum UnitImportService {
    struct Result: Sendable {
        var created = 0
        var updated = 0
        var errors: [UnitImportError] = []
        /// How long the write transaction held the database (for the benchmark).
        var writeSeconds: Double = 0
    }

    /// Rows per INSERT statement: well under SQLite's and PostgreSQL's bound-parameter limits.
    static let batch = 400

    /// `scope`: a plan owner's unit; every row must then stay inside it (nil for administrators).
    static func importCSV(_ text: String, actor: AuditActor, scope: Unit? = nil, now: Date, on db: any Database) async throws -> Result {
        let existing = try await Unit.query(on: db).all()
        var byCode: [String: Unit] = [:]
        for unit in existing { byCode[unit.code] = byCode[unit.code] ?? unit }
        let (rows, errors) = UnitCSVImport.read(text, knownCodes: Set(byCode.keys))
        guard errors.isEmpty else { return Result(errors: errors) }

        // The tree after the import: parent of every unit, by id.
        var parentOf: [UUID: UUID?] = [:]
        var idOf: [String: UUID] = [:]
        for unit in existing {
            guard let id = unit.id else { continue }
            parentOf[id] = unit.$parent.id
            idOf[unit.code] = idOf[unit.code] ?? id
        }
        var result = Result()
        var fileIDs: [UUID] = []
        for row in rows {
            let id = idOf[row.code] ?? UUID()
            if idOf[row.code] == nil { result.created += 1 } else { result.updated += 1 }
            idOf[row.code] = id
            fileIDs.append(id)
        }
        for (row, id) in zip(rows, fileIDs) {
            parentOf[id] = row.parentCode.flatMap { idOf[$0] }
        }
        guard let paths = paths(parentOf) else {
            return Result(errors: [UnitImportError(line: rows.first?.line ?? 1,
                                                   message: "tệp làm một đơn vị trở thành cấp dưới của chính nó (qua các đơn vị đã có). Hãy kiểm tra cột mã đơn vị cha.")])
        }

        let existingByID = Dictionary(existing.compactMap { u in u.id.map { ($0, u) } }, uniquingKeysWith: { a, _ in a })
        if let scope, let scopeID = scope.id {
            var outside: [UnitImportError] = []
            for (row, id) in zip(rows, fileIDs) {
                let now = paths[id] ?? ""
                let before = existingByID[id]?.path ?? now
                let staysOwnPlace = id != scopeID || parentOf[id] == scope.$parent.id
                if !UnitScope.subtree(of: scope).contains(id: id, path: now) || !UnitScope.subtree(of: scope).contains(id: id, path: before) || !staysOwnPlace {
                    outside.append(UnitImportError(line: row.line, message: "đơn vị \"\(row.code)\" hoặc đơn vị cấp trên của nó nằm ngoài phạm vi bạn quản lý (\(scope.name))."))
                }
            }
            guard outside.isEmpty else { return Result(errors: outside) }
        }
        let oldAliases = try await aliasesByUnit(Set(fileIDs).intersection(existingByID.keys), on: db)
        var upserts: [Unit] = []
        var audits: [UnitAudit] = []
        var aliasRows: [UnitAlias] = []
        for (row, id) in zip(rows, fileIDs) {
            let old = existingByID[id]
            let before = old.map { UnitDTO($0, aliases: oldAliases[id] ?? []) }
            let unit = Unit(id: id, code: row.code, name: row.name, shortName: row.shortName, kind: row.kind, level: row.level,
                            parent: nil, validFrom: row.validFrom, validTo: row.validTo)
            unit.$parent.id = parentOf[id] ?? nil
            unit.path = paths[id] ?? unit.path
            unit.address = old?.address
            unit.phone = old?.phone
            unit.email = old?.email
            unit.website = old?.website
            upserts.append(unit)
            var seen = Set<String>()
            let aliases = row.aliases.filter { seen.insert(VietnameseText.fold($0)).inserted }
            aliasRows += aliases.map { UnitAlias(unitID: id, name: $0) }
            let after = UnitDTO(unit, aliases: aliases.sorted())
            audits.append(UnitAudit(action: old == nil ? .create : .update, id: id.uuidString, unit: id,
                                    summary: (old == nil ? "Thêm đơn vị " : "Sửa đơn vị ") + unit.name + " (nhập từ tệp)",
                                    before: AuditService.json(before), after: AuditService.json(after)))
        }
        // Units not in the file whose place moved with an ancestor.
        let inFile = Set(fileIDs)
        for unit in existing {
            guard let id = unit.id, !inFile.contains(id), let path = paths[id], path != unit.path else { continue }
            unit.path = path
            upserts.append(unit)
        }
        audits.append(UnitAudit(action: .importUnits, id: "-", unit: actor.unitID,
                                summary: "Nhập danh mục đơn vị từ tệp: \(result.created) mới, \(result.updated) cập nhật", before: nil, after: nil))

        // Parents before their children, whatever the file's order: each statement's rows find their parent rows
        // already written (the foreign key is checked statement by statement).
        upserts.sort { $0.path.utf8.filter { $0 == UInt8(ascii: "/") }.count < $1.path.utf8.filter { $0 == UInt8(ascii: "/") }.count }
        let started = Date()
        let (upsertRows, aliasInserts, auditRows) = (upserts, aliasRows, audits)
        try await db.audited(by: actor, at: now) { db, audit in
            guard let sql = db as? any SQLDatabase else { throw AppError.busy }
            for chunk in upsertRows.chunked(batch) { try await upsert(chunk, now: now, on: sql) }
            for chunk in Array(inFile).chunked(batch) {
                try await sql.delete(from: UnitAlias.schema).where(SQLColumn("unit_id"), .in, SQLBind.group(Array(chunk))).run()
            }
            for chunk in aliasInserts.chunked(batch) {
                var insert = sql.insert(into: UnitAlias.schema).columns("id", "unit_id", "name", "search_key")
                for a in chunk { insert = insert.values([UUID(), a.$unit.id, a.name, a.searchKey] as [any Encodable & Sendable]) }
                try await insert.run()
            }
            try await audit.insert(auditRows.map { audit.entry($0.action, .unit, id: $0.id, unit: $0.unit, summary: $0.summary,
                                                              before: $0.before, after: $0.after) }, batch: batch)
        }
        result.writeSeconds = Date().timeIntervalSince(started)
        return result
    }

    private static func upsert(_ units: ArraySlice<Unit>, now: Date, on sql: any SQLDatabase) async throws {
        let columns = ["id", "code", "name", "short_name", "kind", "level", "parent_id", "path", "valid_from", "valid_to",
                       "address", "phone", "email", "website", "search_key", "created_at", "updated_at"]
        var insert = sql.insert(into: Unit.schema).columns(columns)
        for u in units {
            insert = insert.values([u.id, u.code, u.name, u.shortName, u.kind, u.level, u.$parent.id, u.path, u.validFrom, u.validTo,
                                    u.address, u.phone, u.email, u.website, u.searchKey, now, now] as [any Encodable & Sendable])
        }
        try await insert.onConflict(with: ["id"]) { update in
            var u = update
            for column in columns where column != "id" && column != "created_at" { u = u.set(excludedValueOf: column) }
            return u
        }.run()
    }

    /// Every unit's path from the parent links, or nil when some unit cannot reach a root (a cycle).
    static func paths(_ parentOf: [UUID: UUID?]) -> [UUID: String]? {
        var children: [UUID: [UUID]] = [:]
        var roots: [UUID] = []
        for (id, parent) in parentOf {
            if let parent, parentOf[parent] != nil { children[parent, default: []].append(id) } else { roots.append(id) }
        }
        var paths: [UUID: String] = [:]
        paths.reserveCapacity(parentOf.count)
        var stack: [(UUID, String)] = roots.map { ($0, "/" + $0.uuidString + "/") }
        while let (id, path) = stack.popLast() {
            paths[id] = path
            for child in children[id] ?? [] { stack.append((child, path + child.uuidString + "/")) }
        }
        return paths.count == parentOf.count ? paths : nil
    }

    private static func aliasesByUnit(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: [String]] {
        var out: [UUID: [String]] = [:]
        for chunk in Array(ids).chunked(batch) {
            for alias in try await UnitAlias.query(on: db).filter(\.$unit.$id ~~ chunk).all() {
                out[alias.$unit.id, default: []].append(alias.name)
            }
        }
        return out.mapValues { $0.sorted() }
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

/// One audit entry of a unit import, written with the rows it describes (`AuditTrail.insert`).
private struct UnitAudit: Sendable {
    let action: AuditAction
    let id: String
    let unit: UUID?
    let summary: String
    let before: String?
    let after: String?
}
