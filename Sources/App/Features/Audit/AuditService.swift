import Fluent
import SQLKit
import Vapor
import Domain

/// Writes and reads the audit log. Every create, update and delete goes through `record`.
enum AuditService {
    enum Action: String {
        case create, update, delete, login, logout, retire, importUnits = "import", revoke, security, issue, amend, restructure
        case submit, sendBack = "return", accept, reopen, remind

        var label: String {
            switch self {
            case .create: return "Tạo mới"
            case .update: return "Cập nhật"
            case .delete: return "Xóa"
            case .login: return "Đăng nhập"
            case .logout: return "Đăng xuất"
            case .retire: return "Ngừng hoạt động"
            case .importUnits: return "Nhập từ tệp"
            case .revoke: return "Thu hồi"
            case .issue: return "Ban hành"
            case .amend: return "Sửa đổi"
            case .security: return "An ninh"
            case .restructure: return "Sắp xếp đơn vị"
            case .submit: return "Nộp báo cáo"
            case .sendBack: return "Trả lại báo cáo"
            case .accept: return "Duyệt báo cáo"
            case .reopen: return "Mở lại báo cáo"
            case .remind: return "Nhắc nộp báo cáo"
            }
        }
    }

    static func record<B: Encodable, A: Encodable>(
        on db: any Database, actor: AuditActor, action: Action, entityType: String, entityID: UUID?,
        unitID: UUID?, summary: String, before: B?, after: A?, at: Date
    ) async throws {
        let entry = AuditEntry(at: at, actorID: actor.id, actorName: actor.name, action: action.rawValue,
                               entityType: entityType, entityID: entityID?.uuidString ?? "-", unitID: unitID,
                               summary: summary, before: json(before), after: json(after))
        try await db.write { db in try await entry.create(on: db) }
    }

    static func record(on db: any Database, actor: AuditActor, action: Action, entityType: String, entityID: UUID?,
                       unitID: UUID?, summary: String, at: Date) async throws {
        try await record(on: db, actor: actor, action: action, entityType: entityType, entityID: entityID,
                         unitID: unitID, summary: summary, before: String?.none, after: String?.none, at: at)
    }

    static func json<T: Encodable>(_ value: T?) -> String? {
        guard let value else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) }
    }

    struct Filter {
        var text: String?
        var entityType: String?
        var actor: String?
        var from: Date?
        var to: Date?
    }

    /// Entries the viewer may read, newest first.
    static func count(on db: any Database, viewer: Viewer, filter: Filter) async throws -> Int {
        try await query(on: db, viewer: viewer, filter: filter).count()
    }

    static func search(on db: any Database, viewer: Viewer, filter: Filter, offset: Int = 0, limit: Int = 50) async throws -> [AuditEntry] {
        try await query(on: db, viewer: viewer, filter: filter).sort(\.$at, .descending).range(offset..<(offset + limit)).all()
    }

    /// The entries `viewer` may read that match `filter`.
    private static func query(on db: any Database, viewer: Viewer, filter: Filter) -> QueryBuilder<AuditEntry> {
        let q = AuditEntry.query(on: db).visible(to: viewer)
        if let t = filter.entityType, !t.isEmpty { q.filter(\.$entityType == t) }
        if let a = filter.actor, !a.isEmpty { q.filter(\.$actorName == a.lowercased()) }
        if let from = filter.from { q.filter(\.$at >= from) }
        if let to = filter.to { q.filter(\.$at < to) }
        if let text = filter.text, let pattern = LikePattern.contains(text) {
            q.group(.or) { g in
                g.filter(.sql(like: "summary", pattern))
                g.filter(.sql(like: "entity_id", pattern))
            }
        }
        return q
    }
}
