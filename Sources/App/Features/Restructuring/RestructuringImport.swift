import Domain
import Fluent
import Vapor

/// A restructuring table (CSV or Excel) turned into registry events: every name matched against the registry as it
/// stood the day before (old units) or on the day (new parents), a preview of everything that will change, then all
/// of it applied in one transaction. Nothing is applied while a row cannot be matched.
enum RestructuringImport {
    struct Preview: Encodable {
        struct Item: Encodable {
            let form: String
            let text: String
            let basis: String
            let effective: String
            let lines: String
        }
        var items: [Item] = []
        var created: [String] = []
        var retired: [String] = []
        var moved: [String] = []
        var renamed: [String] = []
        var accounts: [String] = []
        var openWork = 0
        var problems: [String] = []
        var canApply: Bool { problems.isEmpty && !items.isEmpty }
    }

    /// A change with every name resolved.
    struct Resolved {
        var change: RestructuringTable.Change
        var sources: [Unit]
        var targets: [TargetRef]
        var newParent: Unit?
        var newName: String?
        var newShortName: String?
        var depth: Int
    }

    /// A unit after: one in the registry, or one the table founds (by its index in `founded`).
    enum TargetRef { case existing(Unit), founded(Int) }

    struct Founded {
        var code: String
        var name: String
        var shortName: String?
        var kind: UnitKind
        var level: UnitLevel
        var parent: ParentRef?
        var effectiveOn: CalendarDate
        var line: Int
    }

    enum ParentRef { case existing(Unit), founded(Int) }

    struct Resolution {
        var changes: [Resolved] = []
        var founded: [Founded] = []
        var problems: [String] = []
    }

    /// Rows of a .csv (UTF-8, comma or semicolon) or .xlsx file.
    static func table(from data: Data, filename: String) throws -> [[String]] {
        let ext = (filename as NSString).pathExtension.lowercased()
        switch ext {
        case "xlsx":
            do { return try XlsxReader.rows(from: data) } catch let error as PlanImportError { throw AppError(.unprocessableEntity, "Không đọc được tệp Excel: \(error.description)") }
        case "csv", "txt":
            guard var text = String(data: data, encoding: .utf8) else { throw AppError(.unprocessableEntity, "Tệp CSV phải ở dạng UTF-8.") }
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            return CSVReader.records(text).map(\.fields)
        default:
            throw AppError(.unprocessableEntity, "Chỉ nhận bảng .csv hoặc .xlsx; tệp \"\(filename)\" không đúng định dạng.")
        }
    }

    /// Matches every name; `viewer` must manage each old unit and the parent of each new one.
    static func resolve(_ table: [[String]], viewer: Viewer, on db: any Database) async throws -> Resolution {
        var out = Resolution()
        let read = RestructuringTable.read(table)
        let grouped = RestructuringTable.changes(read.rows)
        out.problems = (read.problems + grouped.problems).map(\.description)
        let fold = { (s: String) in VietnameseText.fold(s) }
        var foundedByKey: [String: Int] = [:]
        var taken: [String] = []

        func unit(named text: String, on date: CalendarDate) async throws -> [Unit] {
            if let byCode = try await Unit.query(on: db).filter(\.$code == text.uppercased()).first(), byCode.isValid(on: date) { return [byCode] }
            let key = fold(text)
            // The search key holds the name and the short name: a match on it narrows, the exact name or short name decides.
            guard let pattern = LikePattern.contains(key) else { return [] }
            let byName = try await Unit.query(on: db).valid(on: date).filter(.sql(like: "search_key", pattern)).all()
                .filter { fold($0.name) == key || $0.shortName.map(fold) == key }
            if !byName.isEmpty { return byName }
            return try await Unit.query(on: db).valid(on: date)
                .filter(.sql(embed: """
                    \(ident: "id") IN (SELECT \(ident: "unit_id") FROM \(ident: UnitAlias.schema) WHERE \(ident: "search_key") = \(bind: key)
                      AND (\(ident: "valid_from") IS NULL OR \(ident: "valid_from") <= \(bind: date)) AND (\(ident: "valid_to") IS NULL OR \(ident: "valid_to") >= \(bind: date)))
                    """)).all()
        }
        func one(_ text: String, on date: CalendarDate, line: Int, what: String) async throws -> Unit? {
            let found = try await unit(named: text, on: date)
            if found.count == 1 { return found[0] }
            out.problems.append(found.isEmpty
                ? "Dòng \(line): không tìm thấy \(what) \"\(text)\" có hiệu lực ngày \(date.display) trong danh mục."
                : "Dòng \(line): có \(found.count) đơn vị tên \"\(text)\" (\(found.prefix(3).map(\.code).joined(separator: ", "))); hãy ghi mã đơn vị.")
            return nil
        }

        // New units the table names, first pass: what they are called; parents are resolved once all are known.
        for change in grouped.changes where change.form == .merge || change.form == .split || change.form == .found {
            for row in change.rows {
                guard let new = row.new else { continue }
                let key = fold(row.newCode ?? new)
                if foundedByKey[key] != nil || foundedByKey[fold(new)] != nil { continue }
                // A unit already valid on the day survives as the unit after (matched again below).
                if let existing = try await unit(named: row.newCode ?? new, on: row.effectiveOn).first, existing.validFrom != row.effectiveOn { continue }
                let sample = try await row.old.asyncMap { try await unit(named: $0, on: row.effectiveOn.adding(days: -1) ?? row.effectiveOn).first } ?? nil
                let kind = row.kind ?? sample?.kind ?? UnitKind(guessingFrom: new)
                let level = row.level ?? sample?.level ?? .commune
                out.founded.append(Founded(code: row.newCode ?? "", name: new, shortName: row.newShortName, kind: kind, level: level, parent: nil,
                                           effectiveOn: row.effectiveOn, line: row.line))
                foundedByKey[key] = out.founded.count - 1
                foundedByKey[fold(new)] = out.founded.count - 1
            }
        }
        func parentRef(_ text: String, on date: CalendarDate, line: Int) async throws -> ParentRef? {
            if let i = foundedByKey[fold(text)] { return .founded(i) }
            return try await one(text, on: date, line: line, what: "đơn vị cấp trên").map { .existing($0) }
        }
        for i in out.founded.indices {
            let f = out.founded[i]
            guard let row = read.rows.first(where: { $0.line == f.line }) else { continue }
            if let text = row.parent {
                out.founded[i].parent = try await parentRef(text, on: f.effectiveOn, line: f.line)
            } else if let oldText = row.old, let old = try await unit(named: oldText, on: f.effectiveOn.adding(days: -1) ?? f.effectiveOn).first,
                      let pid = old.$parent.id, let p = try await Unit.find(pid, on: db), p.isValid(on: f.effectiveOn) {
                out.founded[i].parent = .existing(p)
            } else if let oldText = row.old, let old = try await unit(named: oldText, on: f.effectiveOn.adding(days: -1) ?? f.effectiveOn).first,
                      old.$parent.id == nil {
                // A new root (a province formed from provinces): administrators only.
                if !viewer.isAdmin { out.problems.append("Dòng \(f.line): chỉ quản trị viên được thành lập đơn vị cấp cao nhất.") }
            } else {
                out.problems.append("Dòng \(f.line): cần ghi đơn vị cấp trên của \(f.name) (đơn vị cấp trên cũ không còn hiệu lực).")
            }
            if case .existing(let p) = out.founded[i].parent, !viewer.mayPlace(under: p) {
                out.problems.append("Dòng \(f.line): bạn không quản lý \(p.name) nên không thể thành lập đơn vị trực thuộc.")
            }
        }
        // Codes for new units that have none: from the parent's code and the name's initials.
        for i in out.founded.indices where out.founded[i].code.isEmpty {
            var parentCode = "DV"
            switch out.founded[i].parent {
            case .existing(let p): parentCode = p.code
            case .founded(let j): parentCode = out.founded[j].code.isEmpty ? "MOI" : out.founded[j].code
            case nil: break
            }
            let stand = Unit(code: parentCode, name: "", kind: .other, level: .commune)
            out.founded[i].code = try await PlanNameResolution.freeCode(for: out.founded[i].name, under: stand, taken: taken, on: db)
            taken.append(out.founded[i].code)
        }
        for f in out.founded where try await UnitService.codeExists(f.code, except: nil, on: db) {
            out.problems.append("Dòng \(f.line): mã \(f.code) đã có trong danh mục.")
        }

        for change in grouped.changes {
            guard let first = change.rows.first else { continue }
            let before = first.effectiveOn.adding(days: -1) ?? first.effectiveOn
            var sources: [Unit] = []
            for old in change.olds {
                guard let u = try await one(old, on: before, line: first.line, what: "đơn vị cũ") else { continue }
                if !viewer.may(.manage, u) { out.problems.append("Dòng \(first.line): bạn không quản lý \(u.name).") }
                sources.append(u)
            }
            var resolved = Resolved(change: change, sources: sources, targets: [], depth: sources.map(\.path.count).max() ?? 0)
            switch change.form {
            case .merge, .split, .found:
                for row in change.rows.uniqued(by: { fold($0.newCode ?? $0.new ?? "") }) {
                    guard let new = row.new else { continue }
                    if let i = foundedByKey[fold(row.newCode ?? new)] ?? foundedByKey[fold(new)] { resolved.targets.append(.founded(i)) }
                    else if let u = try await one(row.newCode ?? new, on: first.effectiveOn, line: row.line, what: "đơn vị mới") { resolved.targets.append(.existing(u)) }
                }
            case .abolish:
                for new in change.news {
                    if let i = foundedByKey[fold(new)] { resolved.targets.append(.founded(i)) }
                    else if let u = try await one(new, on: first.effectiveOn, line: first.line, what: "đơn vị tiếp nhận") { resolved.targets.append(.existing(u)) }
                }
            case .rename:
                resolved.newName = change.news.first
                resolved.newShortName = first.newShortName
            case .move:
                if let text = first.parent {
                    switch try await parentRef(text, on: first.effectiveOn, line: first.line) {
                    case .existing(let p): resolved.newParent = p
                    case .founded(let i): resolved.targets = [.founded(i)]
                    case nil: break
                    }
                }
            }
            if change.form != .found && sources.count != change.olds.count { continue }
            out.changes.append(resolved)
        }
        return out
    }

    /// What the table would do, without doing it.
    static func preview(_ resolution: Resolution, on db: any Database) async throws -> Preview {
        var p = Preview()
        p.problems = resolution.problems
        func name(_ t: TargetRef) -> String {
            switch t {
            case .existing(let u): return u.name
            case .founded(let i): return resolution.founded[i].name + " (mới)"
            }
        }
        for f in resolution.founded {
            var parent = ""
            switch f.parent {
            case .existing(let u): parent = u.name
            case .founded(let j): parent = resolution.founded[j].name
            case nil: break
            }
            p.created.append("\(f.name) — mã \(f.code), \(f.kind.label.lowercased()), thuộc \(parent), từ \(f.effectiveOn.display)")
        }
        var retiredIDs: [UUID] = []
        let movedIDs = Set(resolution.changes.filter { $0.change.form == .move }.flatMap { $0.sources.compactMap(\.id) })
        for r in resolution.changes {
            guard let first = r.change.rows.first else { continue }
            let olds = r.sources.map(\.name).joined(separator: ", ")
            let text: String
            switch r.change.form {
            case .merge: text = "\(olds) → \(r.targets.map(name).joined())"
            case .split: text = "\(olds) → \(r.targets.map(name).joined(separator: "; "))"
            case .abolish: text = "Giải thể \(olds)" + (r.targets.isEmpty ? "" : "; tiếp nhận: \(r.targets.map(name).joined(separator: ", "))")
            case .rename: text = "\(olds) → \(r.newName ?? "")"
            case .move: text = "\(olds) → trực thuộc \(r.newParent?.name ?? r.targets.map(name).joined())"
            case .found: text = "Thành lập \(r.targets.map(name).joined())"
            }
            let label: String = switch r.change.form {
            case .merge: "Hợp nhất, sáp nhập"
            case .split: "Chia tách"
            case .abolish: "Giải thể"
            case .rename: "Đổi tên"
            case .move: "Chuyển, giữ nguyên"
            case .found: "Thành lập"
            }
            p.items.append(.init(form: label, text: text, basis: first.basisNumber + (first.issuer.isEmpty ? "" : " của \(first.issuer)"),
                                 effective: first.effectiveOn.display, lines: r.change.lines.map(String.init).joined(separator: ", ")))
            switch r.change.form {
            case .merge, .split, .abolish:
                let survivors = Set(r.targets.compactMap { if case .existing(let u) = $0 { return u.id } else { return nil } })
                for s in r.sources where !survivors.contains(s.id ?? UUID()) {
                    let below = try await Unit.query(on: db).within(.subtree(of: s)).valid(on: first.effectiveOn).all()
                        .filter { u in !movedIDs.contains { u.path.contains($0.uuidString) } || u.id == s.id }
                    retiredIDs += below.compactMap(\.id)
                    p.retired.append(s.name + (below.count > 1 ? " (cùng \(below.count - 1) đơn vị trực thuộc)" : "") + " — hết hiệu lực từ \(first.effectiveOn.display)")
                }
            case .move: p.moved.append(text)
            case .rename: p.renamed.append(text)
            case .found: break
            }
        }
        for chunk in retiredIDs.chunked(500) {
            for user in try await User.query(on: db).filter(\.$unit.$id ~~ chunk).filter(\.$isActive == true).with(\.$unit).all() {
                p.accounts.append("\(user.username) (\(user.unit.name))")
            }
            p.openWork += try await Assignment.query(on: db).filter(\.$unit.$id ~~ chunk).filter(\.$status == .open).count()
        }
        return p
    }

    /// Applies everything in one transaction: new units first (parents before children), then the events, the
    /// deepest units first so a unit's own change comes before its parent's.
    static func apply(_ resolution: Resolution, viewer: Viewer, now: Date, today: CalendarDate, on db: any Database) async throws -> Int {
        guard resolution.problems.isEmpty else { throw AppError(.unprocessableEntity, "Bảng còn dòng chưa khớp; chưa áp dụng gì.") }
        let actor = viewer.actor
        return try await db.audited(by: actor, at: now) { db, audit in
            var units: [Int: Unit] = [:]
            var remaining = Array(resolution.founded.indices)
            while !remaining.isEmpty {
                let before = remaining.count
                for i in remaining {
                    let f = resolution.founded[i]
                    var parent: Unit?
                    switch f.parent {
                    case .existing(let p): parent = p
                    case .founded(let j): guard let p = units[j] else { continue }; parent = p
                    case nil: break
                    }
                    let unit = Unit(code: f.code, name: f.name, shortName: f.shortName, kind: f.kind, level: f.level, parent: parent, validFrom: f.effectiveOn)
                    try await unit.create(on: db)
                    units[i] = unit
                    remaining.removeAll { $0 == i }
                }
                if remaining.count == before { throw AppError(.unprocessableEntity, "Các đơn vị mới trong bảng làm cấp trên của nhau theo vòng tròn.") }
            }
            let movedIDs = Set(resolution.changes.filter { $0.change.form == .move }.flatMap { $0.sources.compactMap(\.id) })
            var count = 0
            for r in resolution.changes.sorted(by: { ($0.change.form == .move ? 1 : 0, $0.depth) > ($1.change.form == .move ? 1 : 0, $1.depth) }) {
                guard let first = r.change.rows.first else { continue }
                let targets: [RegistryChange.Target] = r.targets.compactMap {
                    switch $0 {
                    case .existing(let u): return .existing(u)
                    case .founded(let i): return units[i].map { .existing($0) }
                    }
                }
                let basis = RegistryEventDetails.Basis(number: first.basisNumber, date: first.basisDate, issuer: first.issuer.isEmpty ? "—" : first.issuer, note: first.note)
                var founded = Set(r.targets.compactMap { if case .founded(let i) = $0 { return units[i]?.id } else { return nil } })
                let kind: RegistryEvent.Kind
                switch r.change.form {
                case .merge: kind = .merge
                case .split: kind = .split
                case .abolish: kind = .abolish
                case .rename: kind = .rename
                case .move: kind = .move
                case .found: kind = .found
                }
                // The units that stay: current ones reloaded (an earlier change of the batch may have moved them).
                var sources: [Unit] = []
                for s in r.sources { if let u = try await Unit.find(s.id, on: db) { sources.append(u) } }
                var newParent = r.newParent
                if kind == .move, newParent == nil, case .existing(let p)? = targets.first { newParent = p; founded = [] }
                // A unit founded by this row is the event's own (undo removes it), even when a later row merges into it.
                if kind == .found { founded = Set(targets.compactMap { if case .existing(let u) = $0 { return u.id } else { return nil } }) }
                let change = RegistryChange(kind: kind, effectiveOn: first.effectiveOn, basis: basis, sources: sources,
                                            targets: kind == .move ? [] : targets, founded: founded, newName: r.newName,
                                            newShortName: r.newShortName, newParent: newParent, spared: movedIDs)
                _ = try await RegistryEventService.record(change, actor: actor, now: now, today: today, on: db)
                count += 1
            }
            try await audit.record(.importUnits, .registryEvent, id: nil, unit: viewer.unit.id, summary: "Nhập bảng sắp xếp đơn vị: \(count) thay đổi, \(units.count) đơn vị mới")
            return count
        }
    }
}
