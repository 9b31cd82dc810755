import Domain
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// A questionnaire as form sections for a template (the public page and paper entry share it), with what was
/// already answered checked and each question's problem beside it.
struct SurveyFormView: Encodable {
    struct Option: Encodable {
        let value: String
        let label: String
        let checked: Bool
    }

    struct Question: Encodable {
        let id: String
        let number: Int
        let text: String
        /// "single", "multiple", "likert", "number", "text".
        let kind: String
        let required: Bool
        let options: [Option]
        let value: String
        let error: String?
    }

    struct Section: Encodable {
        let title: String
        let questions: [Question]
    }

    let sections: [Section]

    init(_ questionnaire: Questionnaire, answers: SurveyAnswers = [:], problems: [String: String] = [:], missing: [String] = []) {
        var number = 0
        sections = questionnaire.bySection.map { group in
            Section(title: group.title, questions: group.questions.map { q in
                number += 1
                let given = answers[q.id] ?? []
                let base = q.kind == .likert ? 1 : 0
                let options = q.options.enumerated().map { i, label in
                    Option(value: "\(i + base)", label: q.kind == .likert ? "\(i + 1). \(label)" : label, checked: given.contains("\(i + base)"))
                }
                return Question(id: q.id, number: number, text: q.text, kind: q.kind.rawValue, required: q.required,
                                options: q.kind == .number || q.kind == .text ? [] : options,
                                value: q.kind == .number || q.kind == .text ? (given.first ?? "") : "",
                                error: problems[q.id] ?? (missing.contains(q.id) ? "Câu này cần trả lời." : nil))
            })
        }
    }
}

/// Reading a form body whose field names are only known at run time (the questions): Vapor's form decoder wants a fixed type.
enum FormFields {
    static func parse(_ body: String) -> [String: [String]] { URLEncodedFields.parse(body) }
}

/// How often one address may send answers to one survey: a fixed hourly window, in memory (per server).
final class SurveyRateLimiter: Sendable {
    private let windows = NIOLockedValueBox<[String: (start: Date, count: Int)]>([:])

    /// False when `key` has used up `limit` in the current hour (a limit of 0: no limit).
    func allow(_ key: String, limit: Int, now: Date) -> Bool {
        guard limit > 0 else { return true }
        return windows.withLockedValue { all in
            if all.count > 100_000 { all = all.filter { now.timeIntervalSince($0.value.start) < 3600 } }
            var window = all[key] ?? (now, 0)
            if now.timeIntervalSince(window.start) >= 3600 { window = (now, 0) }
            guard window.count < limit else { return false }
            window.count += 1
            all[key] = window
            return true
        }
    }
}

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

