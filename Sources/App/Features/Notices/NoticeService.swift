import Fluent
import Vapor

/// Messages for one account, shown on its dashboard until marked read.
enum NoticeService {
    static func unread(for userID: UUID, on db: any Database, limit: Int = 20) async throws -> [NoticeRow] {
        try await Notice.query(on: db).filter(\.$user.$id == userID).filter(\.$readAt == nil)
            .sort(\.$createdAt, .descending).limit(limit).all()
            .map { NoticeRow(id: $0.id?.uuidString ?? "", text: $0.text, at: AppClock.display($0.createdAt)) }
    }

    static func notify(_ userID: UUID, _ text: String, now: Date, on db: any Database) async throws {
        try await db.write { db in try await Notice(userID: userID, text: text, at: now).create(on: db) }
    }

    static func markAllRead(for userID: UUID, now: Date, on db: any Database) async throws {
        try await db.write { db in
            try await Notice.query(on: db).filter(\.$user.$id == userID).filter(\.$readAt == nil).set(\.$readAt, to: now).update()
        }
    }
}
