import Vapor
import Domain

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

extension UnitFormPage {
    static func make(isNew: Bool, action: String, form: UnitForm, errors: FieldErrors, parentQuery: String, choices: [Unit]) -> UnitFormPage {
        UnitFormPage(
            isNew: isNew, action: action, form: form, errors: errors.all,
            kinds: UnitKind.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form.kind) },
            levels: UnitLevel.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form.level) },
            parentQuery: parentQuery, parentChoices: UnitPicker.choices(choices))
    }
}
