import Fluent
import Vapor
import Domain

struct DashboardPage: Encodable {
    let rootName: String
    let unitName: String
    let unitID: String
    let unitsInScope: Int
    let accountsInScope: Int
    let recent: [AuditRow]
    let notices: [NoticeRow]
    /// The year's closed contest rounds of the unit (its own, and those above it it took part in).
    var contests: [ContestLine] = []
    /// Creative rounds the viewer's unit may enter now, and those the viewer is to judge.
    var toEnter: [ContestController.OpenRound] = []
    var toJudge: [ContestController.OpenRound] = []

    /// The year's Q&A figures of the units the viewer reads, the questions its unit is to answer and those it is to approve.
    var questions: QuestionTally.Counts? = nil
    var toAnswer: [QuestionLine] = []
    var toApprove: [QuestionLine] = []

    struct QuestionLine: Encodable {
        let id: UUID
        let code: String
        let due: String
        let overdue: Bool
        let text: String
    }

    struct ContestLine: Encodable {
        let closes: String
        let text: String
    }
}
