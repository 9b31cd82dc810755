import Fluent
import Vapor
import Domain

enum UserService {

    static func create(_ input: UserInput, actor: AuditActor, cost: Int, now: Date, on db: any Database) async throws -> User {
        let hash = try await AuthService.hash(input.password, cost: cost)
        return try await db.audited(by: actor, at: now) { db, audit in
            guard let unit = try await Unit.find(input.unitID, on: db) else { throw AppError.notFound("Không tìm thấy đơn vị.") }
            let user = User(username: input.username, passwordHash: hash, fullName: input.fullName, email: input.email,
                            role: input.role, unitID: input.unitID)
            try await user.create(on: db)
            try await audit.record(.create, .user, id: user.id, unit: unit.id, summary: "Tạo tài khoản \(user.username) (\(input.role.label)) thuộc \(unit.name)", before: UserDTO?.none, after: UserDTO(user))
            return user
        }
    }

    /// Sets a new password and ends every session and API token of the account: whoever held the old
    /// password, or a token made with it, is out. `summary` says who did it (a reset or the owner's change).
    static func setPassword(_ user: User, to password: String, summary: String, actor: AuditActor, cost: Int, now: Date,
                            on db: any Database) async throws {
        let hash = try await AuthService.hash(password, cost: cost)
        let userID = try user.requireID()
        // The hash itself never goes into the log: the snapshot is the account's public shape.
        let audit = AuditedChange(actor: actor, action: .update, entityType: .user, summary: summary, now: now)
        try await db.change(user, audit, unitID: { $0.$unit.id }, snapshot: { user, _ in UserDTO(user) }) { user, db in
            user.passwordHash = hash
            try await SessionService.endAll(of: userID, on: db)
            try await APITokenService.revokeAll(of: userID, now: now, on: db)
        }
    }

    /// Locking ends the account's sessions and revokes its tokens; unlocking revives none of them.
    static func setActive(_ user: User, _ active: Bool, actor: AuditActor, now: Date, on db: any Database) async throws {
        let userID = try user.requireID()
        let audit = AuditedChange(actor: actor, action: .update, entityType: .user,
                                  summary: (active ? "Mở khóa" : "Khóa") + " tài khoản \(user.username)", now: now)
        try await db.change(user, audit, unitID: { $0.$unit.id }, snapshot: { user, _ in UserDTO(user) }) { user, db in
            user.isActive = active
            if !active {
                try await SessionService.endAll(of: userID, on: db)
                try await APITokenService.revokeAll(of: userID, now: now, on: db)
            }
        }
    }

    /// Changes an account's name, e-mail, role or unit. A change of role or unit is a change of rights:
    /// every session of the account ends, so its next sign-in starts from the new rights.
    static func update(_ user: User, with input: AccountInput, actor: AuditActor, now: Date, on db: any Database) async throws {
        let userID = try user.requireID()
        let rightsChanged = user.role != input.role || user.$unit.id != input.unitID
        let audit = AuditedChange(actor: actor, action: .update, entityType: .user,
                                  summary: "Sửa tài khoản \(user.username)" + (rightsChanged ? " (đổi vai trò/đơn vị, các phiên đăng nhập bị hủy)" : ""),
                                  now: now)
        try await db.change(user, audit, unitID: { $0.$unit.id }, snapshot: { user, _ in UserDTO(user) }) { user, db in
            user.fullName = input.fullName
            user.email = input.email
            user.role = input.role
            user.$unit.id = input.unitID
            if rightsChanged { try await SessionService.endAll(of: userID, on: db) }
        }
    }

    static func validatePassword(_ password: String, username: String?, errors: inout FieldErrors, field: String = "password") {
        let problems = PasswordPolicy.problems(password, username: username)
        if !problems.isEmpty { errors.add(field, problems.joined(separator: " ")) }
    }
}
