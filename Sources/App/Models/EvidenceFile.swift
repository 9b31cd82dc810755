import Domain
import Fluent
import Foundation

/// A file attached to an activity, kept by `FileStorage` under `storageKey`.
final class EvidenceFile: Model, @unchecked Sendable {
    static let schema = "evidence_files"

    @ID(key: .id) var id: UUID?
    @Parent(key: "activity_id") var activity: Activity
    @Parent(key: "unit_id") var unit: Unit
    @Field(key: "filename") var filename: String
    @Field(key: "type") var type: EvidenceType
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "storage_key") var storageKey: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
