import Vapor
import Domain

struct UnitRow: Encodable {
    let id: String
    let code: String
    let name: String
    let kindLabel: String
    let levelLabel: String
    let depth: Int
    let indent: Int
    let retired: Bool

    init(_ unit: Unit, depth: Int = 0, today: CalendarDate) {
        id = unit.id?.uuidString ?? ""
        code = unit.code
        name = unit.name
        kindLabel = unit.kind.label
        levelLabel = unit.level.label
        self.depth = depth
        indent = min(depth, 6)
        retired = unit.isRetired(on: today)
    }
}

struct SelectOption: Encodable {
    let value: String
    let label: String
    let selected: Bool
}

struct UnitTreePage: Encodable {
    let rows: [UnitRow]
    let total: Int
    let canManage: Bool
}

struct UnitSearchPage: Encodable {
    let query: String
    let rows: [UnitRow]
    let groups: [GroupRow]
    let paging: Paging
    let searched: Bool
}

struct GroupRow: Encodable {
    let id: String
    let name: String
    let anchorName: String
}

struct UnitShowPage: Encodable {
    let unit: UnitRow
    let shortName: String?
    let parent: UnitRow?
    let ancestors: [UnitRow]
    let children: [UnitRow]
    let aliases: [String]
    let groups: [GroupRow]
    let validFrom: String?
    let validTo: String?
    let address: String?
    let phone: String?
    let email: String?
    let website: String?
    let canSeeRecords: Bool
    let canEditRecords: Bool
    let canManage: Bool
    let canRetire: Bool
}

struct UnitFormPage: Encodable {
    let isNew: Bool
    let action: String
    let form: UnitForm
    let errors: [String: String]
    let kinds: [SelectOption]
    let levels: [SelectOption]
    let parentQuery: String
    let parentChoices: [SelectOption]
}

struct UnitContactPage: Encodable {
    let unit: UnitRow
    let form: UnitContactForm
    let errors: [String: String]
}

struct UnitImportPage: Encodable {
    let errors: [String]
    let created: Int?
    let updated: Int?
    let sample: String
    let kinds: String
    let levels: String
    /// For a plan owner: the unit every imported row must stay under.
    let scopeName: String?
}

struct UnitUsersPage: Encodable {
    let unit: UnitRow
    let users: [UserRow]
    let canManage: Bool
}

struct UserRow: Encodable {
    let id: String
    let username: String
    let fullName: String
    let role: String
    let unitName: String
    let active: Bool
}

extension UnitFormPage {
    static func make(isNew: Bool, action: String, form: UnitForm, errors: FieldErrors, parentQuery: String, choices: [Unit]) -> UnitFormPage {
        UnitFormPage(
            isNew: isNew, action: action, form: form, errors: errors.all,
            kinds: UnitKind.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form.kind) },
            levels: UnitLevel.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form.level) },
            parentQuery: parentQuery, parentChoices: UnitPicker.choices(choices))
    }
}
