import Domain
import Fluent
import Foundation

/// One question of a contest's bank, stored with its right answers (never sent to an entrant before the attempt closes).
final class ContestBankQuestion: Model, @unchecked Sendable {
    static let schema = "contest_questions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "contest_id") var contest: Contest
    @Field(key: "number") var number: Int
    @Field(key: "body") var body: String

    init() {}

    init(contestID: UUID, question: ContestQuestion) throws {
        self.id = UUID()
        self.$contest.id = contestID
        self.number = question.number
        self.body = try StoredJSON.encode(question)
    }

    var question: ContestQuestion {
        get throws { try StoredJSON.decode(ContestQuestion.self, body, what: "câu hỏi của cuộc thi") }
    }
}
