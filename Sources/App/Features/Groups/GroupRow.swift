import Vapor
import Domain

struct GroupRow: Encodable {
    let id: String
    let name: String
    let anchorName: String
}
