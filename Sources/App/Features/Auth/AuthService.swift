import Fluent
import Vapor

/// Password checks with a rate limit per account and per address.
enum AuthService {
    enum Failure: Error, Equatable {
        case invalid
        case rateLimited
    }

    static let invalidMessage = "Tên đăng nhập hoặc mật khẩu không đúng."
    static let rateLimitedMessage = "Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."

    static func login(on db: any Database, username rawUsername: String, password: String, address: String,
                      config: AppConfig, now: Date) async throws -> User {
        let username = rawUsername.trimmingCharacters(in: .whitespaces).lowercased()
        let since = now.addingTimeInterval(-config.loginWindow)
        let byAccount = try await LoginAttempt.query(on: db)
            .filter(\.$username == username).filter(\.$succeeded == false).filter(\.$attemptedAt >= since).count()
        let byAddress = try await LoginAttempt.query(on: db)
            .filter(\.$address == address).filter(\.$succeeded == false).filter(\.$attemptedAt >= since).count()
        if byAccount >= config.loginMaxFailures || byAddress >= config.loginMaxFailures * 4 {
            throw Failure.rateLimited
        }
        let user = try await User.query(on: db).filter(\.$username == username).first()
        let ok: Bool
        if let user, user.isActive {
            ok = try await verify(password, hash: user.passwordHash)
        } else {
            // Same work for unknown accounts so timing does not reveal which usernames exist.
            _ = try await verify(password, hash: dummyHash)
            ok = false
        }
        try await LoginAttempt(username: username, address: address, succeeded: ok, at: now).create(on: db)
        guard ok, let user else { throw Failure.invalid }
        return user
    }

    private static let dummyHash = "$2b$04$abcdefghijklmnopqrstuu5kZo0G9n8k9h0bT9X6Qm1p3x4rRjX0C"

    static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive {
            (try? Bcrypt.verify(password, created: hash)) ?? false
        }
    }

    static func hash(_ password: String, cost: Int) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive {
            try Bcrypt.hash(password, cost: cost)
        }
    }
}

/// API tokens: random, shown once, stored as SHA-256.
enum APITokenService {
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func create(on db: any Database, user: User, name: String, actor: AuditActor, now: Date) async throws -> String {
        let token = "cchc_" + [UInt8].random(count: 24).map { String(format: "%02x", $0) }.joined()
        let record = APIToken(userID: try user.requireID(), name: name, tokenHash: hash(token))
        try await record.create(on: db)
        let unitPath = try await Unit.find(user.$unit.id, on: db)?.path
        try await AuditService.record(on: db, actor: actor, action: .create, entityType: "api_token", entityID: record.id,
                                      unitPath: unitPath, summary: "Tạo mã truy cập API \"\(name)\" cho \(user.username)", at: now)
        return token
    }
}
