import Domain
import Fluent
import Foundation

/// A unit's periodic report: its narrative, where it stands in the workflow, and, once submitted, the figures as
/// they were then (`snapshot`, JSON of `ReportFigures`). One per unit, year and period.
final class Report: Model, @unchecked Sendable {
    static let schema = "reports"

    enum Status: String, Codable, Sendable, CaseIterable {
        case draft, submitted, returned, accepted

        var label: String {
            switch self {
            case .draft: return "Đang soạn"
            case .submitted: return "Đã nộp, chờ duyệt"
            case .returned: return "Bị trả lại"
            case .accepted: return "Đã duyệt"
            }
        }

        /// The unit may still change its narrative.
        var editable: Bool { self == .draft || self == .returned }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: Unit
    @Field(key: "year") var year: Int
    @Field(key: "period") var period: ReportPeriod
    @Field(key: "status") var status: Status
    @OptionalField(key: "number") var number: String?
    @Field(key: "results") var results: String
    @Field(key: "limitations") var limitations: String
    @Field(key: "proposals") var proposals: String
    @OptionalField(key: "snapshot") var snapshot: String?
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "submitted_by") var submittedBy: String?
    @OptionalField(key: "submitted_late") var submittedLate: Bool?
    @OptionalField(key: "review_note") var reviewNote: String?
    @OptionalField(key: "reviewed_at") var reviewedAt: Date?
    @OptionalField(key: "reviewed_by") var reviewedBy: String?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(unitID: UUID, year: Int, period: ReportPeriod, at: Date) {
        self.$unit.id = unitID
        self.year = year
        self.period = period
        self.status = .draft
        self.results = ""
        self.limitations = ""
        self.proposals = ""
        self.updatedAt = at
    }

    /// The figures as submitted.
    var frozen: ReportFigures? {
        snapshot.flatMap { try? JSONDecoder().decode(ReportFigures.self, from: Data($0.utf8)) }
    }
}

/// The dates of a period's reports for one tier of units in one year, where they differ from the customary ones.
final class ReportDeadline: Model, @unchecked Sendable {
    static let schema = "report_deadlines"

    @ID(key: .id) var id: UUID?
    @Field(key: "year") var year: Int
    /// 0: the top unit (a province), 1: the units right below it, 2: further below.
    @Field(key: "tier") var tier: Int
    @Field(key: "period") var period: ReportPeriod
    @Field(key: "starts_on") var startsOn: CalendarDate
    @Field(key: "ends_on") var endsOn: CalendarDate
    @Field(key: "due_on") var dueOn: CalendarDate

    init() {}

    init(year: Int, tier: Int, period: ReportPeriod, window: ReportWindow) {
        self.year = year
        self.tier = tier
        self.period = period
        self.startsOn = window.from
        self.endsOn = window.to
        self.dueOn = window.due
    }
}

extension Report: UnitOwned { static let ownerUnitColumn = "unit_id" }
