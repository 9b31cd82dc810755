import Domain
import Foundation
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
