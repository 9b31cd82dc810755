import Fluent
import Vapor

/// Which instance runs a background job until when; several servers on one database take turns.
final class JobLease: Model, @unchecked Sendable {
    static let schema = "job_leases"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "holder") var holder: String
    @Field(key: "expires_at") var expiresAt: Date

    init() {}

    init(name: String, holder: String, expiresAt: Date) {
        self.name = name
        self.holder = holder
        self.expiresAt = expiresAt
    }
}
