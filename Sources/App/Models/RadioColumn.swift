import Domain
import Fluent
import Foundation

/// One month's radio column of a station's unit: the script (JSON of `RadioScript`), and once aired the day and the
/// activity it was recorded as.
final class RadioColumn: Model, @unchecked Sendable {
    static let schema = "radio_columns"

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: Unit
    /// "2026-11".
    @Field(key: "month") var month: String
    @Field(key: "script") var scriptJSON: String
    @OptionalField(key: "broadcast_on") var broadcastOn: CalendarDate?
    @OptionalField(key: "activity_id") var activityID: UUID?
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date

    var script: RadioScript? { try? StoredJSON.decode(RadioScript.self, scriptJSON, what: "kịch bản chuyên mục") }

    init() {}

    init(unitID: UUID, month: YearMonth, script: String, by: String, at: Date) {
        self.id = UUID()
        self.$unit.id = unitID
        self.month = month.description
        self.scriptJSON = script
        self.updatedBy = by
        self.updatedAt = at
    }
}

struct CreateRadioColumns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RadioColumn.schema)
            .id()
            .field("unit_id", .uuid, .required, .references(Unit.schema, "id"))
            .field("month", .string, .required)
            .field("script", .string, .required)
            .field("broadcast_on", .date)
            .field("activity_id", .uuid)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "unit_id", "month", name: "uq_radio_columns_unit_month")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RadioColumn.schema).delete()
    }
}

extension RadioColumn: UnitOwned { static let ownerUnitColumn = "unit_id" }

extension RadioColumn: UnitRecord {
    static let parameter = "columnID"
    static let missing = "Không tìm thấy chuyên mục."
    static func load(_ id: UUID, on db: any Database) async throws -> RadioColumn? {
        try await RadioColumn.query(on: db).filter(\.$id == id).with(\.$unit).first()
    }
    var ownerUnit: Unit { unit }
}
