import Vapor

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
