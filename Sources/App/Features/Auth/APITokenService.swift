import Fluent
import Vapor

/// API tokens: random, shown once, stored as SHA-256, each with a name and an expiry; the owner and the
/// administrators can list and revoke them.
enum APITokenService {
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hex
    }

    static func create(on db: any Database, user: User, name: String, days: Int, actor: AuditActor, now: Date) async throws -> String {
        let token = "cchc_" + [UInt8].random(count: 24).hex
        let record = APIToken(userID: try user.requireID(), name: name, tokenHash: hash(token),
                              expiresAt: now.addingTimeInterval(TimeInterval(days) * 86_400))
        try await db.audited(by: actor, at: now) { db, audit in
            try await record.create(on: db)
            try await audit.record(.create, .apiToken, id: record.id, unit: user.$unit.id, summary: "Tạo mã truy cập API \"\(name)\" cho \(user.username), hết hạn sau \(days) ngày",
                                   before: [String: String]?.none, after: ["name": name, "expiresAt": record.expiresAt.map(AppClock.display) ?? ""])
        }
        return token
    }

    /// The account a bearer token signs in, or nil when it is unknown, expired, revoked or locked.
    static func viewer(for token: String, now: Date, on db: any Database) async throws -> Viewer? {
        guard token.utf8.count <= 128 else { return nil }
        guard let record = try await APIToken.query(on: db).filter(\.$tokenHash == hash(token)).with(\.$user).first(),
              record.isUsable(at: now), record.user.isActive,
              let unit = try await Unit.find(record.user.$unit.id, on: db) else { return nil }
        if record.lastUsedAt.map({ now.timeIntervalSince($0) >= APITokenMiddleware.touchInterval }) ?? true, let id = record.id {
            try await db.write { db in try await APIToken.query(on: db).filter(\.$id == id).set(\.$lastUsedAt, to: now).update() }
        }
        return try await Viewer.load(user: record.user, unit: unit, on: db)
    }

    static func tokens(of userID: UUID, on db: any Database) async throws -> [APIToken] {
        try await APIToken.query(on: db).filter(\.$user.$id == userID).with(\.$user).sort(\.$createdAt, .descending).all()
    }

    static func row(_ t: APIToken, now: Date) -> APITokenRow {
        let status: String
        if t.revokedAt != nil { status = "Đã thu hồi" }
        else if !(t.expiresAt.map { $0 > now } ?? false) { status = "Hết hạn" }
        else { status = "Đang dùng được" }
        return APITokenRow(id: t.id?.uuidString ?? "", name: t.name, username: t.$user.value?.username ?? "",
                           createdAt: t.createdAt.map(AppClock.display) ?? "", expiresAt: t.expiresAt.map(AppClock.display) ?? "",
                           lastUsedAt: t.lastUsedAt.map(AppClock.display) ?? "chưa dùng", status: status, active: t.isUsable(at: now))
    }

    /// What the log keeps of a token: never its hash.
    struct Snapshot: Encodable, Sendable {
        let name: String
        let expiresAt: String?
        let revokedAt: String?
        init(_ token: APIToken) {
            (name, expiresAt, revokedAt) = (token.name, token.expiresAt.map(AppClock.display), token.revokedAt.map(AppClock.display))
        }
    }

    static func revoke(_ token: APIToken, actor: AuditActor, now: Date, on db: any Database) async throws {
        guard token.revokedAt == nil else { return }
        let user = try await User.find(token.$user.id, on: db)
        let unitID = user?.$unit.id
        let audit = AuditedChange(actor: actor, action: .revoke, entityType: .apiToken,
                                  summary: "Thu hồi mã truy cập API \"\(token.name)\" của \(user?.username ?? "?")", now: now)
        try await db.change(token, audit, unitID: { _ in unitID }, snapshot: { token, _ in Snapshot(token) }) { token, _ in
            token.revokedAt = now
        }
    }

    /// Revokes every token of an account (password reset or change, deactivation); reactivation revives none.
    static func revokeAll(of userID: UUID, now: Date, on db: any Database) async throws {
        try await db.write { db in
            try await APIToken.query(on: db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil).set(\.$revokedAt, to: now).update()
        }
    }
}
