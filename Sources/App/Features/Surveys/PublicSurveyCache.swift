import Domain
import Foundation
import NIOConcurrencyHelpers

/// What the public page needs of a survey, kept in memory for a few seconds: the answer endpoint does no read of
/// the survey itself while answers pour in.
struct PublicSurvey: Sendable {
    let id: UUID
    let unitID: UUID
    let title: String
    let unitName: String
    let access: Survey.Access
    let audience: Survey.Audience
    let opensOn: CalendarDate
    let closesOn: CalendarDate
    let questionnaire: Questionnaire
    /// Where an open survey's respondent may say they live or were served (the units sampled), by id.
    let areas: [(id: UUID, name: String)]
}

final class PublicSurveyCache: Sendable {
    private let entries = NIOLockedValueBox<[String: (survey: PublicSurvey, until: Date)]>([:])
    static let lifetime: TimeInterval = 5

    func get(_ code: String, now: Date) -> PublicSurvey? {
        entries.withLockedValue { all in
            guard let entry = all[code], entry.until > now else { return nil }
            return entry.survey
        }
    }

    func put(_ code: String, _ survey: PublicSurvey, now: Date) {
        entries.withLockedValue { all in
            if all.count > 10_000 { all = all.filter { $0.value.until > now } }
            all[code] = (survey, now.addingTimeInterval(Self.lifetime))
        }
    }

    func forget(_ code: String) {
        entries.withLockedValue { _ = $0.removeValue(forKey: code) }
        thanks.withLockedValue { _ = $0.removeValue(forKey: code) }
    }

    /// The thanks page of a survey, rendered once: the HTML before the receipt and after it.
    private let thanks = NIOLockedValueBox<[String: (before: String, after: String)]>([:])

    func thanksPage(_ code: String) -> (before: String, after: String)? { thanks.withLockedValue { $0[code] } }

    func keepThanksPage(_ code: String, _ html: (before: String, after: String)) {
        thanks.withLockedValue { all in
            if all.count > 10_000 { all.removeAll() }
            all[code] = html
        }
    }
}
