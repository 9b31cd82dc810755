import Domain
import LeafKit

/// The questions of an attempt page as HTML, written here rather than by the template engine: the page is the one
/// every entrant loads at a round's opening and gets back on submitting, and the template's loops over 15 questions and
/// their options were the largest cost of a submission (`perf`, README). Every text is escaped as the template would.
enum AttemptQuestionsHTML {
    static func render(_ questions: [PublicContestController.QuestionView], closed: Bool) -> String {
        var html = ""
        html.reserveCapacity(questions.count * 600)
        for q in questions {
            html += "<fieldset class=\"q\"><legend class=\"q-text\"><b>Câu \(q.position).</b> \(q.text.htmlEscaped())"
            if q.multiple { html += " <small>(chọn mọi phương án đúng)</small>" }
            html += "</legend>\n"
            if let image = q.image {
                html += "<img class=\"q-image\" src=\"\(image.htmlEscaped())\" alt=\"Hình minh họa câu \(q.position)\" loading=\"lazy\">\n"
            }
            let type = q.multiple ? "checkbox" : "radio"
            for o in q.options {
                html += "<label class=\"\(o.right ? "right" : "")\"><input type=\"\(type)\" name=\"q\(q.number)\" value=\"\(o.index)\""
                if o.chosen { html += " checked" }
                if closed { html += " disabled" }
                html += "> \(o.letter). \(o.text.htmlEscaped())</label>\n"
            }
            if let explanation = q.explanation { html += "<p class=\"small\">\(explanation.htmlEscaped())</p>" }
            html += "</fieldset>\n"
        }
        return html
    }
}
