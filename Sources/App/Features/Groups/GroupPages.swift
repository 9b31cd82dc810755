import Vapor

struct GroupShowPage: Encodable {
    let id: String
    let canManage: Bool
    let name: String
    let anchor: UnitRow
    let aliases: [String]
    let ruleText: String
    let date: String
    let members: [UnitRow]
}

struct GroupFormPage: Encodable {
    let isNew: Bool
    let action: String
    let form: GroupForm
    let isList: Bool
    let errors: [String: String]
    let relations: [SelectOption]
    let kinds: [SelectOption]
    let levels: [SelectOption]
    let anchorChoices: [SelectOption]
}
