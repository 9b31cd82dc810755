import Domain
import Fluent
import Foundation

/// A survey campaign: its questionnaire, who answers (civil servants of the unit's subtree, or citizens of its area),
/// how (one invitation token each, or an open link), when (open and close dates), the margin of error it is planned
/// for, and the plan target it measures with the rule that decides who counts towards it.
final class Survey: Model, @unchecked Sendable {
    static let schema = "surveys"

    enum Audience: String, Codable, Sendable, CaseIterable {
        case civilServants = "civil_servants", citizens

        var label: String {
            switch self {
            case .civilServants: return "Cán bộ, công chức, viên chức"
            case .citizens: return "Người dân, tổ chức"
            }
        }
    }

    enum Access: String, Codable, Sendable, CaseIterable {
        /// One response per invitation token.
        case invitation
        /// Anyone with the link; duplicates kept out by the browser's key and a rate limit per address.
        case open

        var label: String {
            switch self {
            case .invitation: return "Mỗi người một mã mời"
            case .open: return "Đường dẫn công khai"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: Unit
    @OptionalParent(key: "plan_id") var plan: Plan?
    /// Which of the plan's targets (index into its list) the survey measures.
    @OptionalField(key: "target_index") var targetIndex: Int?
    @Field(key: "title") var title: String
    @Field(key: "audience") var audience: Audience
    @Field(key: "access") var access: Access
    @Field(key: "opens_on") var opensOn: CalendarDate
    @Field(key: "closes_on") var closesOn: CalendarDate
    @Field(key: "margin") var margin: Double
    /// JSON of `Questionnaire`.
    @Field(key: "questionnaire") var questionnaireJSON: String
    /// JSON of `IndicatorRule`.
    @Field(key: "rule") var ruleJSON: String
    /// The target's percentage, copied when the survey is linked (or typed for a survey without a plan).
    @OptionalField(key: "target_percent") var targetPercent: Double?
    /// The random code in the public link.
    @Field(key: "public_code") var publicCode: String
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    /// The questions, decoded from their column: a row that does not decode is an error, never "no questions".
    var questionnaire: Questionnaire {
        get throws { try StoredJSON.decode(Questionnaire.self, questionnaireJSON, what: "bảng câu hỏi của đợt khảo sát") }
    }

    func setQuestionnaire(_ value: Questionnaire) throws { questionnaireJSON = try StoredJSON.encode(value) }

    /// How the indicator is computed, decoded the same way.
    var rule: IndicatorRule {
        get throws { try StoredJSON.decode(IndicatorRule.self, ruleJSON, what: "cách tính chỉ số của đợt khảo sát") }
    }

    func setRule(_ value: IndicatorRule) throws { ruleJSON = try StoredJSON.encode(value) }

    func isOpen(on day: CalendarDate) -> Bool { opensOn <= day && day <= closesOn }

    func statusLabel(_ day: CalendarDate) -> String {
        day < opensOn ? "Chưa mở" : day > closesOn ? "Đã đóng" : "Đang thu thập"
    }
}

/// How many people a survey's population counts in one unit of its subtree (civil servants, or residents).
final class SurveyPopulation: Model, @unchecked Sendable {
    static let schema = "survey_populations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "survey_id") var survey: Survey
    @Parent(key: "unit_id") var unit: Unit
    @Field(key: "population") var population: Int

    init() {}

    init(surveyID: UUID, unitID: UUID, population: Int) {
        self.$survey.id = surveyID
        self.$unit.id = unitID
        self.population = population
    }
}

/// A one-time invitation to answer, handed to one civil servant of a unit.
final class SurveyInvitation: Model, @unchecked Sendable {
    static let schema = "survey_invitations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "survey_id") var survey: Survey
    @Parent(key: "unit_id") var unit: Unit
    @Field(key: "token") var token: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(surveyID: UUID, unitID: UUID, token: String, at: Date) {
        self.$survey.id = surveyID
        self.$unit.id = unitID
        self.token = token
        self.createdAt = at
    }

    /// The key its response is stored under: one response per invitation, whichever device answers.
    static func responseKey(_ id: UUID) -> String { "t:" + id.uuidString }
}

/// One respondent's answers (JSON of `SurveyAnswers`), partial until sent in full.
final class SurveyResponse: Model, @unchecked Sendable {
    static let schema = "survey_responses"

    enum Status: String, Codable, Sendable { case partial, complete }
    enum Source: String, Codable, Sendable {
        case online, paper

        var label: String { self == .online ? "Trực tuyến" : "Phiếu giấy" }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "survey_id") var survey: Survey
    @OptionalParent(key: "unit_id") var unit: Unit?
    /// "t:<invitation id>", "o:<the browser's key>" or "p:<id>" (keyed in from paper): unique per survey.
    @Field(key: "client_key") var clientKey: String
    @Field(key: "answers") var answersJSON: String
    @Field(key: "status") var status: Status
    @Field(key: "source") var source: Source
    @OptionalField(key: "entered_by") var enteredBy: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "completed_at") var completedAt: Date?

    init() {}

    var answers: SurveyAnswers {
        get throws { try StoredJSON.decode(SurveyAnswers.self, answersJSON, what: "câu trả lời của phiếu khảo sát") }
    }
}

/// Values kept as JSON text in a column: written with the one encoder, read back strictly. A row that does not decode
/// (edited by hand, cut short) is reported as what it is instead of being read as empty.
enum StoredJSON {
    static func decode<T: Decodable>(_ type: T.Type, _ text: String, what: String) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) } catch {
            throw AppError(.internalServerError, "Dữ liệu \(what) trong cơ sở dữ liệu bị hỏng, không đọc được; hãy báo quản trị viên.")
        }
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }
}
