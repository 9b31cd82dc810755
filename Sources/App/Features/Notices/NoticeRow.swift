import Fluent
import Vapor

struct NoticeRow: Encodable {
    let id: String
    let text: String
    let at: String
}
