import Testing
@testable import App

/// The attempt page's questions written without the template engine: every text escaped, the chosen options checked,
/// the right answers marked only when the attempt is closed.
struct AttemptQuestionsHTMLTests {
    static func question(closed: Bool) -> PublicContestController.QuestionView {
        .init(number: 12, position: 3, text: "Câu <script>alert(1)</script> & \"trích\"", multiple: false,
              options: [.init(index: 0, letter: "A", text: "<b>Một</b>", chosen: true, right: closed),
                        .init(index: 1, letter: "B", text: "Hai's", chosen: false, right: false)],
              explanation: closed ? "Vì <i>thế</i>" : nil, answeredRight: closed)
    }

    @Test func textsAreEscapedAndChoicesKept() {
        let open = AttemptQuestionsHTML.render([Self.question(closed: false)], closed: false)
        #expect(!open.contains("<script>") && open.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;trích&quot;"))
        #expect(open.contains("<b>Câu 3.</b>") && open.contains("&lt;b&gt;Một&lt;/b&gt;") && open.contains("Hai&#39;s"))
        #expect(open.contains(#"<input type="radio" name="q12" value="0" checked>"#) && open.contains(#"name="q12" value="1">"#))
        #expect(!open.contains("class=\"right\"") && !open.contains("disabled") && !open.contains("Vì"))
        let closed = AttemptQuestionsHTML.render([Self.question(closed: true)], closed: true)
        #expect(closed.contains(#"<label class="right"><input type="radio" name="q12" value="0" checked disabled>"#))
        #expect(closed.contains("Vì &lt;i&gt;thế&lt;/i&gt;"))
    }
}
