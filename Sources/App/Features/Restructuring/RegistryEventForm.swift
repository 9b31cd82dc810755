import Domain
import Fluent
import Vapor

/// One registry event entered in the browser: a merge, split, rename, move, abolition or founding decided by one act,
/// its units named by code (or by their exact name on the day). The table import serves whole lists; this serves the
/// single decision that arrives on its own.
struct RegistryEventForm: Content {
    var kind: String?
    var effectiveOn: String?
    var basisNumber: String?
    var basisDate: String?
    var basisIssuer: String?
    var note: String?
    /// The units before, one per line.
    var sources: String?
    /// The units after, one per line: an existing unit's code or name, or "MÃ | Tên đơn vị" for a unit the act founds.
    var targets: String?
    var newName: String?
    var newShortName: String?
    /// The new parent (move), or the parent of the units the act founds.
    var parent: String?
    var accountsTo: String?
    /// The kind and level of the units the act founds (default: those of the first unit before).
    var newKind: String?
    var newLevel: String?

    enum CodingKeys: String, CodingKey {
        case kind, note, sources, targets, parent
        case effectiveOn = "effective_on", basisNumber = "basis_number", basisDate = "basis_date", basisIssuer = "basis_issuer"
        case newName = "new_name", newShortName = "new_short_name", accountsTo = "accounts_to", newKind = "new_kind", newLevel = "new_level"
    }

    struct Page: Encodable {
        let form: RegistryEventForm
        let kinds: [SelectOption]
        let unitKinds: [SelectOption]
        let levels: [SelectOption]
        let errors: [String]
    }

    static func page(_ form: RegistryEventForm, errors: [String]) -> Page {
        Page(form: form,
             kinds: RegistryEvent.Kind.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form.kind) },
             unitKinds: UnitKind.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form.newKind) },
             levels: UnitLevel.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form.newLevel) },
             errors: errors)
    }

    static func lines(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The change the form describes, its units found in the registry and checked against what the viewer manages.
    func change(viewer: Viewer, on db: any Database) async throws -> RegistryChange {
        func fail(_ message: String) -> AppError { AppError(.unprocessableEntity, message) }
        guard let kind = RegistryEvent.Kind(rawValue: self.kind ?? "") else { throw fail("Vui lòng chọn hình thức sắp xếp.") }
        guard let effective = UnitCSVImport.parseDate(effectiveOn ?? "") else {
            throw fail("Vui lòng nhập ngày hiệu lực (dd/mm/yyyy).")
        }
        var basisDay: CalendarDate?
        if let text = basisDate?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            guard let day = UnitCSVImport.parseDate(text) else { throw fail("Ngày ban hành văn bản không hợp lệ: \"\(text.prefix(20))\".") }
            basisDay = day
        }
        let dayBefore = effective.adding(days: -1) ?? effective
        /// A unit by code, or by its exact name, valid on `date`.
        func unit(_ text: String, on date: CalendarDate, what: String) async throws -> Unit {
            if let byCode = try await Unit.query(on: db).filter(\.$code == text.uppercased()).first() { return byCode }
            let named = try await Unit.query(on: db).filter(\.$searchKey, .custom("LIKE"), "%" + VietnameseText.fold(text) + "%")
                .valid(on: date).all().filter { VietnameseText.fold($0.name) == VietnameseText.fold(text) || VietnameseText.fold($0.shortName ?? "") == VietnameseText.fold(text) }
            guard named.count == 1 else {
                throw fail(named.isEmpty ? "Không tìm thấy \(what) \"\(text.prefix(80))\" vào ngày \(date.display); hãy ghi mã đơn vị."
                           : "Có \(named.count) đơn vị tên \"\(text.prefix(80))\"; hãy ghi mã đơn vị.")
            }
            return named[0]
        }
        var sources: [Unit] = []
        for line in Self.lines(self.sources) {
            let u = try await unit(line, on: dayBefore, what: "đơn vị cũ")
            guard viewer.may(.manage, u) else { throw AppError(.forbidden, "Bạn không quản lý \(u.name).") }
            sources.append(u)
        }
        var parentUnit: Unit?
        if let text = parent?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            parentUnit = try await unit(text, on: effective, what: "đơn vị cấp trên")
        }
        var targets: [RegistryChange.Target] = []
        for line in Self.lines(self.targets) {
            let parts = line.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 {
                // A unit the act founds: like the first unit before (or a committee), under the parent given.
                let model = sources.first
                var parent = parentUnit
                if parent == nil, let model { parent = try await model.$parent.get(on: db) }
                guard viewer.mayPlace(under: parent) else { throw AppError(.forbidden, "Bạn không được thêm đơn vị dưới \(parent?.name ?? "cấp cao nhất").") }
                guard let kind = UnitKind(rawValue: newKind ?? "") ?? model?.kind, let level = UnitLevel(rawValue: newLevel ?? "") ?? model?.level else {
                    throw fail("Vui lòng chọn loại và cấp của đơn vị được thành lập.")
                }
                targets.append(.new(.init(code: parts[0], name: VietnameseText.clean(parts[1]), shortName: nil, kind: kind, level: level,
                                          parentID: parent?.id)))
            } else {
                targets.append(.existing(try await unit(line, on: effective, what: "đơn vị sau sắp xếp")))
            }
        }
        var accounts: Unit?
        if let text = accountsTo?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            accounts = try await unit(text, on: effective, what: "đơn vị nhận tài khoản")
        }
        if kind == .move, let p = parentUnit, !viewer.mayPlace(under: p) { throw AppError(.forbidden, "Bạn không quản lý \(p.name).") }
        let basis = RegistryEventDetails.Basis(number: (basisNumber ?? "").trimmingCharacters(in: .whitespaces), date: basisDay,
                                               issuer: (basisIssuer ?? "").trimmingCharacters(in: .whitespaces),
                                               note: note.map { VietnameseText.clean($0) }.flatMap { $0.isEmpty ? nil : $0 })
        return RegistryChange(kind: kind, effectiveOn: effective, basis: basis, sources: sources, targets: targets,
                              newName: newName.map { VietnameseText.clean($0) }.flatMap { $0.isEmpty ? nil : $0 },
                              newShortName: newShortName.map { VietnameseText.clean($0) }.flatMap { $0.isEmpty ? nil : $0 },
                              newParent: kind == .move ? parentUnit : nil, accountsTo: accounts)
    }
}
