import Vapor
import Domain

struct SelectOption: Encodable {
    let value: String
    let label: String
    let selected: Bool
}
