import Fluent
import FluentSQL
import SQLKit
import Vapor
import Domain

struct UnitContactInput: Sendable {
    var address: String?
    var phone: String?
    var email: String?
    var website: String?
}
