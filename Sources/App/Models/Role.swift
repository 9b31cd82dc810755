import Fluent
import Vapor

enum Role: String, Codable, CaseIterable, Sendable {
    case admin
    case planOwner = "plan_owner"
    case reporter
    case leader

    var label: String {
        switch self {
        case .admin: return "Quản trị hệ thống"
        case .planOwner: return "Phụ trách kế hoạch"
        case .reporter: return "Cán bộ báo cáo của đơn vị"
        case .leader: return "Lãnh đạo"
        }
    }
}
