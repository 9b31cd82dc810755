import Domain
import Fluent
import Foundation

/// A citizen's question ("Dân hỏi – Chính quyền trả lời"): asked on `/hoi-dap` or entered by staff from the desk, the
/// hotline, a letter, Zalo or a dialogue; routed to the unit that answers it, with a deadline in working days; drafted
/// there, approved by a leader, then published (masked) when the asker consented.
final class CitizenQuestion: Model, @unchecked Sendable {
    static let schema = "citizen_questions"

    enum Status: String, Codable, Sendable, CaseIterable {
        /// With the unit, waiting for an answer (or returned to it by the approver).
        case open
        /// Answer drafted and sent for approval.
        case awaitingApproval = "awaiting_approval"
        /// Approved: the asker told, published when consented.
        case answered

        var label: String {
            switch self {
            case .open: return "Đang xử lý"
            case .awaitingApproval: return "Chờ lãnh đạo duyệt"
            case .answered: return "Đã trả lời"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    /// The receipt the asker keeps ("HD-7F3A21C4"), also the public page's address of the answer.
    @Field(key: "code") var code: String
    /// The province (top unit) whose rules and deadlines apply.
    @Parent(key: "province_id") var province: Unit
    /// The unit that answers.
    @Parent(key: "unit_id") var unit: Unit
    @Field(key: "channel") var channel: QuestionChannel
    @Field(key: "kind") var kind: QuestionKind
    @Field(key: "area") var area: ReformArea
    @Field(key: "received_on") var receivedOn: CalendarDate
    /// The day the current unit got it (receipt, or the last forwarding): the forwarding clock runs from it.
    @Field(key: "assigned_on") var assignedOn: CalendarDate
    @Field(key: "due_on") var dueOn: CalendarDate
    @OptionalField(key: "asker_name") var askerName: String?
    @OptionalField(key: "asker_contact") var askerContact: String?
    @Field(key: "consent") var consent: Bool
    @Field(key: "text") var text: String
    @OptionalField(key: "attachment_key") var attachmentKey: String?
    @OptionalField(key: "attachment_name") var attachmentName: String?
    @OptionalField(key: "attachment_type") var attachmentType: String?
    @Field(key: "status") var status: Status
    @OptionalField(key: "answer") var answer: String?
    @OptionalField(key: "drafted_by") var draftedBy: String?
    @OptionalField(key: "return_note") var returnNote: String?
    @OptionalField(key: "approved_by") var approvedBy: String?
    @OptionalField(key: "answered_on") var answeredOn: CalendarDate?
    /// What the public page shows (personal data masked), set when a consented answer is approved.
    @OptionalField(key: "public_question") var publicQuestion: String?
    @OptionalField(key: "public_answer") var publicAnswer: String?
    /// Folded text of the published question and answer, for the search without diacritics.
    @OptionalField(key: "search_key") var searchKey: String?
    @OptionalField(key: "entered_by") var enteredBy: String?
    /// The dialogue where it was raised.
    @OptionalField(key: "dialogue_id") var dialogueID: UUID?
    @Field(key: "created_at") var createdAt: Date

    var isPublished: Bool { status == .answered && publicAnswer != nil }

    init() {}

    init(provinceID: UUID, unitID: UUID, channel: QuestionChannel, kind: QuestionKind, area: ReformArea, receivedOn: CalendarDate,
         dueOn: CalendarDate, askerName: String?, askerContact: String?, consent: Bool, text: String, enteredBy: String?, at: Date) {
        self.id = UUID()
        self.code = "HD-" + [UInt8].random(count: 4).hex.uppercased()
        self.$province.id = provinceID
        self.$unit.id = unitID
        self.channel = channel
        self.kind = kind
        self.area = area
        self.receivedOn = receivedOn
        self.assignedOn = receivedOn
        self.dueOn = dueOn
        self.askerName = askerName
        self.askerContact = askerContact
        self.consent = consent
        self.text = text
        self.status = .open
        self.enteredBy = enteredBy
        self.createdAt = at
    }
}

/// One step in a question's life, shown on its page: received, routed, forwarded (with the reason), drafted, returned,
/// approved, the asker notified.
final class CitizenQuestionEvent: Model, @unchecked Sendable {
    static let schema = "citizen_question_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "question_id") var question: CitizenQuestion
    @Field(key: "at") var at: Date
    @Field(key: "actor") var actor: String
    @Field(key: "action") var action: String
    @OptionalField(key: "note") var note: String?

    init() {}

    init(questionID: UUID, at: Date, actor: String, action: String, note: String? = nil) {
        self.id = UUID()
        self.$question.id = questionID
        self.at = at
        self.actor = actor
        self.action = action
        self.note = note
    }
}

/// A province's Q&A settings, kept as text the coordinator edits: the routing rules, the holidays and the deadlines.
final class QuestionSettings: Model, @unchecked Sendable {
    static let schema = "question_settings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "province_id") var province: Unit
    @Field(key: "routing") var routing: String
    @Field(key: "holidays") var holidays: String
    @Field(key: "deadlines") var deadlinesJSON: String
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(provinceID: UUID, routing: String, holidays: String, deadlines: String, updatedBy: String, at: Date) {
        self.id = UUID()
        self.$province.id = provinceID
        self.routing = routing
        self.holidays = holidays
        self.deadlinesJSON = deadlines
        self.updatedBy = updatedBy
        self.updatedAt = at
    }
}

/// A leaders' dialogue with citizens ("Hội nghị đối thoại", a talk show on TV or radio): when, where or on which channel,
/// the leaders present and the topics; the questions raised there are `CitizenQuestion`s with its id, answered on the
/// spot or promised (then open with a deadline). It is the activity of the plan task that scheduled it.
final class Dialogue: Model, @unchecked Sendable {
    static let schema = "dialogues"

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: Unit
    @Field(key: "held_on") var heldOn: CalendarDate
    @Field(key: "title") var title: String
    @Field(key: "place") var place: String
    @Field(key: "channel") var channel: ActivityChannel
    @Field(key: "leaders") var leaders: String
    @Field(key: "topics") var topics: String
    @OptionalField(key: "activity_id") var activityID: UUID?
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(unitID: UUID, heldOn: CalendarDate, title: String, place: String, channel: ActivityChannel, leaders: String, topics: String,
         by: String, at: Date) {
        self.id = UUID()
        self.$unit.id = unitID
        self.heldOn = heldOn
        self.title = title
        self.place = place
        self.channel = channel
        self.leaders = leaders
        self.topics = topics
        self.createdBy = by
        self.createdAt = at
    }
}
