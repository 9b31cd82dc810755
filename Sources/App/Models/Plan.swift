import Domain
import Fluent
import Foundation

/// A unit's communication plan: a draft being written, or an issued plan that changes only by amendment.
/// The sections that are lists of text (legal bases, audiences, topics, …) are kept together as `PlanSections`.
final class Plan: Model, @unchecked Sendable {
    static let schema = "plans"

    enum Status: String, Codable, Sendable, CaseIterable {
        case draft, issued

        var label: String { self == .draft ? "Dự thảo" : "Đã ban hành" }
    }

    @ID(key: .id) var id: UUID?
    /// The issuing unit: its plan owners write and issue the plan.
    @Parent(key: "unit_id") var unit: Unit
    @OptionalParent(key: "parent_plan_id") var parentPlan: Plan?
    @Field(key: "status") var status: Status
    @Field(key: "year") var year: Int
    @OptionalField(key: "number") var number: String?
    @OptionalField(key: "issued_on") var issuedOn: CalendarDate?
    @OptionalField(key: "place") var place: String?
    @Field(key: "title") var title: String
    /// The issuer as the document names it ("UBND HUYỆN CHÂU THÀNH").
    @OptionalField(key: "issuer_name") var issuerName: String?
    @OptionalField(key: "signer_authority") var signerAuthority: String?
    @OptionalField(key: "signer_title") var signerTitle: String?
    @OptionalField(key: "signer_name") var signerName: String?
    @OptionalField(key: "budget") var budget: String?
    @Field(key: "sections") var sections: PlanSections
    @OptionalField(key: "source_name") var sourceName: String?
    /// The office that appraises the plan's cost estimates (the finance office of the issuing level).
    @OptionalParent(key: "finance_unit_id") var financeUnit: Unit?
    @Field(key: "search_key") var searchKey: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Children(for: \.$plan) var tasks: [TaskEntry]

    init() {}

    init(id: UUID = UUID(), unitID: UUID, year: Int, title: String) {
        self.id = id
        self.$unit.id = unitID
        self.status = .draft
        self.year = year
        self.title = VietnameseText.clean(title)
        self.sections = PlanSections()
        self.searchKey = VietnameseText.fold(title)
    }

    func refreshSearchKey() {
        searchKey = VietnameseText.fold([title, number ?? "", issuerName ?? ""].joined(separator: " "))
    }
}
