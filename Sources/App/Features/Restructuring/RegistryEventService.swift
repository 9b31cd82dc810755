import Domain
import Fluent
import SQLKit
import Vapor

/// Records, applies and undoes registry events. Recording sets validity dates at once (the tree on any date, before
/// or after the effective date, is right from then on) and links predecessors to successors; applying, on the
/// effective date, moves or deactivates the accounts of retired units and changes names and places. A pending
/// event (its date not come yet) can be undone.
enum RegistryEventService {
    // MARK: Recording

    static func record(_ change: RegistryChange, actor: AuditActor, now: Date, today: CalendarDate, on db: any Database) async throws -> RegistryEvent {
        try check(change)
        let event = try await db.audited(by: actor, at: now) { db, audit in
            try await store(change, actor: actor, on: db, audit)
        }
        if event.effectiveOn <= today {
            try await apply(event, now: now, on: db)
            return try await RegistryEvent.find(event.id, on: db) ?? event
        }
        return event
    }

    /// Checks what can be told without the database: the legal basis and the shape of each kind of event.
    static func check(_ change: RegistryChange) throws {
        func fail(_ message: String) -> AppError { AppError(.unprocessableEntity, message) }
        if change.basis.number.trimmingCharacters(in: .whitespaces).isEmpty {
            throw fail("Vui lòng nhập số văn bản (nghị quyết, quyết định) làm căn cứ.")
        }
        if change.basis.issuer.trimmingCharacters(in: .whitespaces).isEmpty {
            throw fail("Vui lòng nhập cơ quan ban hành văn bản làm căn cứ.")
        }
        if let date = change.basis.date, date > change.effectiveOn {
            throw fail("Ngày hiệu lực không thể trước ngày ban hành văn bản (\(date.display)).")
        }
        let ids = change.sources.compactMap(\.id)
        if Set(ids).count != ids.count { throw fail("Một đơn vị được nêu hai lần trong các đơn vị cũ.") }
        switch change.kind {
        case .merge:
            if change.sources.isEmpty { throw fail("Hợp nhất, sáp nhập cần ít nhất một đơn vị cũ.") }
            if change.targets.count != 1 { throw fail("Hợp nhất, sáp nhập cần đúng một đơn vị sau sắp xếp.") }
        case .split:
            if change.sources.count != 1 { throw fail("Chia tách cần đúng một đơn vị cũ.") }
            if change.targets.count < 2 { throw fail("Chia tách cần ít nhất hai đơn vị sau sắp xếp.") }
        case .abolish:
            if change.sources.count != 1 { throw fail("Giải thể cần đúng một đơn vị.") }
            if change.targets.contains(where: { if case .new = $0 { return true } else { return false } }) {
                throw fail("Đơn vị tiếp nhận nhiệm vụ của đơn vị giải thể phải là đơn vị đã có trong danh mục.")
            }
        case .rename:
            if change.sources.count != 1 { throw fail("Đổi tên cần đúng một đơn vị.") }
            if VietnameseText.clean(change.newName ?? "").isEmpty { throw fail("Vui lòng nhập tên mới.") }
        case .move:
            if change.sources.count != 1 { throw fail("Chuyển đơn vị cần đúng một đơn vị.") }
            if change.newParent == nil { throw fail("Vui lòng chọn đơn vị cấp trên mới.") }
        case .found:
            if !change.sources.isEmpty { throw fail("Thành lập không có đơn vị cũ; khi đơn vị mới hình thành từ đơn vị cũ, hãy chọn hợp nhất hoặc chia tách.") }
            if change.targets.isEmpty { throw fail("Vui lòng nhập đơn vị được thành lập.") }
        }
    }

    private static func store(_ change: RegistryChange, actor: AuditActor, on db: any Database, _ audit: AuditTrail) async throws -> RegistryEvent {
        let effective = change.effectiveOn
        guard let dayBefore = effective.adding(days: -1) else { throw AppError(.unprocessableEntity, "Ngày hiệu lực không hợp lệ.") }
        // Every unit before must exist up to the day before, and not have ended earlier.
        for unit in change.sources {
            if let from = unit.validFrom, from > dayBefore {
                throw AppError(.unprocessableEntity, "\(unit.name) chỉ có hiệu lực từ \(from.display), sau ngày hiệu lực của sự kiện.")
            }
            if let to = unit.validTo, to < effective {
                throw AppError(.unprocessableEntity, "\(unit.name) đã ngừng hoạt động từ \(to.display), trước ngày hiệu lực \(effective.display).")
            }
        }
        var details = RegistryEventDetails()
        details.sources = try change.sources.map { try $0.requireID() }
        details.accountsTo = change.accountsTo?.id
        // The units after: existing ones must be valid on the effective date; new ones are founded on it.
        var targets: [Unit] = []
        for target in change.targets {
            switch target {
            case .existing(let unit):
                guard unit.isValid(on: effective) else {
                    throw AppError(.unprocessableEntity, "\(unit.name) không có hiệu lực vào ngày \(effective.display).")
                }
                targets.append(unit)
                if let id = unit.id, change.founded.contains(id) { details.created.append(id) }
            case .new(let spec):
                let code = spec.code.trimmingCharacters(in: .whitespaces).uppercased()
                guard !code.isEmpty, !VietnameseText.clean(spec.name).isEmpty else {
                    throw AppError(.unprocessableEntity, "Đơn vị mới cần có mã và tên.")
                }
                if try await UnitService.codeExists(code, except: nil, on: db) {
                    throw AppError(.unprocessableEntity, "Mã đơn vị \(code) đã có trong danh mục.")
                }
                var parent: Unit?
                if let pid = spec.parentID { parent = try await UnitService.find(pid, on: db) }
                let unit = Unit(code: code, name: spec.name, shortName: spec.shortName, kind: spec.kind, level: spec.level,
                                parent: parent, validFrom: effective)
                try await unit.create(on: db)
                try await audit.record(.create, .unit, id: unit.id, unit: unit.id, summary: "Thành lập \(unit.name) từ \(effective.display) (\(change.kind.label.lowercased()))", before: UnitDTO?.none, after: UnitDTO(unit, aliases: []))
                targets.append(unit)
                details.created.append(try unit.requireID())
            }
        }
        details.targets = try targets.map { try $0.requireID() }
        let targetIDs = Set(details.targets)
        switch change.kind {
        case .rename:
            guard let unit = change.sources.first, let name = change.newName else { break }
            details.rename = .init(unitID: try unit.requireID(), fromName: unit.name, fromShortName: unit.shortName,
                                   toName: VietnameseText.clean(name), toShortName: change.newShortName.map(VietnameseText.clean))
        case .move:
            guard let unit = change.sources.first, let parent = change.newParent else { break }
            if UnitScope.subtree(of: unit).contains(parent) {
                throw AppError(.unprocessableEntity, "Không thể chuyển đơn vị vào dưới chính nó hoặc đơn vị cấp dưới của nó.")
            }
            guard parent.isValid(on: effective) else {
                throw AppError(.unprocessableEntity, "\(parent.name) không có hiệu lực vào ngày \(effective.display).")
            }
            details.move = .init(unitID: try unit.requireID(), fromParentID: unit.$parent.id, toParentID: try parent.requireID())
        case .found:
            break
        case .merge, .split, .abolish:
            // The units before end the day before, except one that survives as the unit after; the units below them
            // that no other event has ended end with them.
            for unit in change.sources where !targetIDs.contains(try unit.requireID()) {
                details.retired.append(.init(unitID: try unit.requireID(), previousValidTo: unit.validTo, withParent: false))
                unit.validTo = dayBefore
                try await unit.save(on: db)
                let below = try await Unit.query(on: db).within(.below(unit)).all()
                for child in below where child.isValid(on: effective) && !targetIDs.contains(child.id ?? UUID())
                    && !change.spared.contains(where: { child.path.contains($0.uuidString) }) {
                    details.retired.append(.init(unitID: try child.requireID(), previousValidTo: child.validTo, withParent: true))
                    child.validTo = dayBefore
                    try await child.save(on: db)
                }
            }
        }
        let main: UUID? = change.kind == .merge || change.kind == .found ? details.targets.first : details.sources.first
        let summary = summaryText(change, targets: targets)
        let event = RegistryEvent(kind: change.kind, effectiveOn: effective, basis: change.basis, unitID: main, details: details,
                                  summary: summary, recordedBy: actor.name)
        try await event.create(on: db)
        let eventID = try event.requireID()
        for source in details.sources {
            for target in details.targets where target != source {
                try await UnitLink(eventID: eventID, predecessorID: source, successorID: target, effectiveOn: effective).create(on: db)
            }
        }
        try await audit.record(.restructure, .registryEvent, id: eventID, unit: main, summary: summary + " — " + event.basisText,
                               before: RegistryEventDTO?.none, after: RegistryEventDTO(event))
        return event
    }

    static func summaryText(_ change: RegistryChange, targets: [Unit]) -> String {
        let sources = change.sources.map(\.name).joined(separator: ", ")
        let after = targets.map(\.name).joined(separator: ", ")
        let date = change.effectiveOn.display
        switch change.kind {
        case .merge: return "Hợp nhất \(sources) thành \(after) từ \(date)"
        case .split: return "Chia tách \(sources) thành \(after) từ \(date)"
        case .abolish: return "Giải thể \(sources) từ \(date)" + (after.isEmpty ? "" : "; tiếp nhận nhiệm vụ: \(after)")
        case .rename: return "Đổi tên \(sources) thành \(VietnameseText.clean(change.newName ?? "")) từ \(date)"
        case .move: return "Chuyển \(sources) về trực thuộc \(change.newParent?.name ?? "") từ \(date)"
        case .found: return "Thành lập \(after) từ \(date)"
        }
    }

    // MARK: Taking effect

    /// Applies every pending event whose date has come, oldest first. Run by the background job each round.
    @discardableResult
    static func applyDue(today: CalendarDate, now: Date, on db: any Database) async throws -> Int {
        let due = try await RegistryEvent.query(on: db).filter(\.$state == .pending).filter(\.$effectiveOn <= today)
            .sort(\.$effectiveOn).sort(\.$createdAt).all()
        for event in due { try await apply(event, now: now, on: db) }
        return due.count
    }

    /// Takes an event into effect: renames and moves the unit, moves or deactivates the accounts of the units it
    /// retired (each account gets a notice, each change an audit entry).
    static func apply(_ event: RegistryEvent, now: Date, on db: any Database) async throws {
        try await db.audited(by: .system, at: now) { db, audit in
            // Another instance may have applied it a moment ago.
            guard let fresh = try await RegistryEvent.find(event.id, on: db), fresh.state == .pending else { return }
            var details = fresh.details
            let eventBefore = RegistryEventDTO(fresh)
            let dayBefore = fresh.effectiveOn.adding(days: -1) ?? fresh.effectiveOn
            if let rename = details.rename, let unit = try await Unit.find(rename.unitID, on: db) {
                let before = try await UnitService.dto(unit, on: db)
                // The former names stay as names of the past, so older documents still find the unit.
                for old in [rename.fromName, rename.fromShortName].compactMap({ $0 }) where VietnameseText.fold(old) != VietnameseText.fold(rename.toName) {
                    try await UnitAlias(unitID: rename.unitID, name: old, validFrom: unit.validFrom, validTo: dayBefore).create(on: db)
                }
                unit.name = rename.toName
                unit.shortName = rename.toShortName
                unit.searchKey = Unit.searchKey(name: unit.name, shortName: unit.shortName)
                try await unit.save(on: db)
                try await audit.record(.update, .unit, id: unit.id, unit: unit.id, summary: fresh.summary, before: before, after: try await UnitService.dto(unit, on: db))
            }
            if let move = details.move, let unit = try await Unit.find(move.unitID, on: db), let parent = try await Unit.find(move.toParentID, on: db) {
                let before = try await UnitService.dto(unit, on: db)
                try await UnitPlacement(unitID: move.unitID, parentID: move.fromParentID, until: dayBefore, eventID: try fresh.requireID()).create(on: db)
                try await UnitService.reparent(unit, under: parent, on: db)
                try await audit.record(.update, .unit, id: unit.id, unit: unit.id, summary: fresh.summary,
                                       before: before, after: try await UnitService.dto(unit, on: db))
            }
            // Accounts of the retired units: to the unit named for them, else to the one successor, else deactivated.
            let successor: UUID? = details.accountsTo ?? (details.targets.count == 1 ? details.targets.first : nil)
            for retired in details.retired {
                let users = try await User.query(on: db).filter(\.$unit.$id == retired.unitID).filter(\.$isActive == true).all()
                guard !users.isEmpty, let from = try await Unit.find(retired.unitID, on: db) else { continue }
                var destination: Unit?
                if let id = retired.withParent ? details.accountsTo : successor { destination = try await Unit.find(id, on: db) }
                for user in users {
                    let userID = try user.requireID()
                    let before = UserDTO(user)
                    let text: String
                    if let destination {
                        user.$unit.id = try destination.requireID()
                        text = "\(from.name) đã ngừng hoạt động từ \(fresh.effectiveOn.display) (\(fresh.basisText)). Tài khoản của bạn được chuyển sang \(destination.name); các kết quả trước đây vẫn ghi tên \(from.name)."
                    } else {
                        user.isActive = false
                        text = "\(from.name) đã ngừng hoạt động từ \(fresh.effectiveOn.display) (\(fresh.basisText)). Tài khoản của bạn bị khóa; hãy liên hệ quản trị viên để được cấp tài khoản ở đơn vị mới."
                    }
                    try await user.save(on: db)
                    try await SessionService.endAll(of: userID, on: db)
                    try await NoticeService.notify(userID, text, now: now, on: db)
                    try await audit.record(.update, .user, id: userID, unit: retired.unitID,
                                           summary: destination.map { "Chuyển tài khoản \(user.username) sang \($0.name) do sắp xếp đơn vị" }
                                             ?? "Khóa tài khoản \(user.username) do \(from.name) ngừng hoạt động",
                                           before: before, after: UserDTO(user))
                    details.accounts.append(.init(userID: userID, username: user.username, fromUnitID: retired.unitID, toUnitID: destination?.id))
                }
            }
            fresh.details = details
            fresh.state = .effective
            fresh.appliedAt = now
            try await fresh.save(on: db)
            try await audit.record(.restructure, .registryEvent, id: fresh.id, unit: fresh.$unit.id, summary: "Có hiệu lực: " + fresh.summary,
                                   before: eventBefore, after: RegistryEventDTO(fresh))
        }
    }

    // MARK: Undo

    /// Undoes an event whose date has not come: validity dates restored, founded units removed, links dropped.
    static func undo(_ event: RegistryEvent, actor: AuditActor, now: Date, today: CalendarDate, on db: any Database) async throws {
        guard event.state == .pending, event.effectiveOn > today else {
            throw AppError(.conflict, event.state == .undone ? "Sự kiện này đã được hủy."
                           : "Sự kiện đã có hiệu lực từ \(event.effectiveOn.display) nên không thể hủy; hãy ghi một sự kiện mới để điều chỉnh.")
        }
        try await db.audited(by: actor, at: now) { db, audit in
            let details = event.details
            let eventID = try event.requireID()
            for created in details.created {
                let users = try await User.query(on: db).filter(\.$unit.$id == created).count()
                let plans = try await Plan.query(on: db).filter(\.$unit.$id == created).count()
                let children = try await Unit.query(on: db).filter(\.$parent.$id == created).count()
                let groups = try await UnitGroup.query(on: db).filter(\.$anchor.$id == created).count()
                if users + plans + children + groups > 0, let unit = try await Unit.find(created, on: db) {
                    throw AppError(.conflict, "Không thể hủy: \(unit.name) đã có tài khoản, kế hoạch, nhóm hoặc đơn vị trực thuộc. Hãy chuyển chúng đi trước.")
                }
            }
            let before = RegistryEventDTO(event)
            try await UnitLink.query(on: db).filter(\.$event.$id == eventID).delete()
            try await UnitPlacement.query(on: db).filter(\.$event.$id == eventID).delete()
            for retired in details.retired {
                guard let unit = try await Unit.find(retired.unitID, on: db) else { continue }
                unit.validTo = retired.previousValidTo
                try await unit.save(on: db)
            }
            // The event and the log keep pointing at a unit that stays.
            event.$unit.id = details.sources.first
            try await event.save(on: db)
            for created in details.created {
                if let unit = try await Unit.find(created, on: db) {
                    try await AuditEntry.query(on: db).filter(\.$unitID == created).set(\.$unitID, to: unit.$parent.id).update()
                }
                try await UnitAlias.query(on: db).filter(\.$unit.$id == created).delete()
                try await UnitLink.query(on: db).group(.or) { $0.filter(\.$predecessor.$id == created).filter(\.$successor.$id == created) }.delete()
                if let unit = try await Unit.find(created, on: db) {
                    try await audit.record(.delete, .unit, id: unit.id, unit: nil, summary: "Bỏ \(unit.name) do hủy sự kiện sắp xếp", before: UnitDTO(unit, aliases: []), after: UnitDTO?.none)
                    try await unit.delete(on: db)
                }
            }
            event.state = .undone
            try await event.save(on: db)
            try await audit.record(.restructure, .registryEvent, id: eventID, unit: nil, summary: "Hủy sự kiện: " + event.summary,
                                   before: before, after: RegistryEventDTO(event))
        }
    }
}

/// A registry event as the audit log and the API show it.
struct RegistryEventDTO: Content, Equatable {
    let id: UUID?
    let kind: String
    let state: String
    let effectiveOn: CalendarDate
    let basisNumber: String
    let basisDate: CalendarDate?
    let basisIssuer: String
    let summary: String
    let predecessors: [UUID]
    let successors: [UUID]

    init(_ event: RegistryEvent) {
        id = event.id
        kind = event.kind.rawValue
        state = event.state.rawValue
        effectiveOn = event.effectiveOn
        basisNumber = event.basisNumber
        basisDate = event.basisDate
        basisIssuer = event.basisIssuer
        summary = event.summary
        predecessors = event.details.sources
        successors = event.details.targets
    }
}
