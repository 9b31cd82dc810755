import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import Domain
@testable import App

/// Surveys end to end: a campaign measuring a plan target, invitations, the public page, partial answers, the
/// verdict against the target, the population-weighted roll-up, exports, reports, and who may see what.
@Suite(.serialized) struct SurveyAppTests {
    static var today: CalendarDate { AppClock.calendarDate(Date()) }
    static func day(_ offset: Int) -> String { (today.adding(days: offset) ?? today).display }

    /// A plan of Châu Thành with the three usual targets.
    func planWithTargets(_ app: Application) async throws -> App.Plan {
        let plan = try await makePlan([("Đăng tin", ["Phòng Nội vụ"], "Hằng tháng")], issuer: "ST-CTH", year: Self.today.year, number: "5/KH-UBND", on: app)
        plan.sections.targets = [Domain.Target(text: "80% cán bộ, công chức được khảo sát nắm được mục tiêu cải cách", percent: 80, subject: .civilServants),
                                 Domain.Target(text: "100% nhiệm vụ hoàn thành", percent: 100, subject: .tasks),
                                 Domain.Target(text: "80% người dân hài lòng", percent: 80, subject: .citizens)]
        try await plan.save(on: app.db)
        return plan
    }

    /// Creates a survey through the page, as the plan owner of Châu Thành; returns it.
    func createSurvey(_ b: inout Browser, _ app: Application, template: String, access: String, audience: String, target: String = "") async throws -> Survey {
        try await b.get("/surveys/new?template=\(template)")
        let unitID = try await unit("ST-CTH", on: app.db).requireID().uuidString
        let res = try await b.post("/surveys", [("template", template), ("unitID", unitID), ("title", "Khảo sát thử \(template)"), ("audience", audience),
                                                ("access", access), ("opensOn", Self.day(-5)), ("closesOn", Self.day(20)), ("margin", "5"), ("target", target)])
        #expect(res.status == .seeOther, "\(res.body.string.prefix(400))")
        return try #require(try await Survey.query(on: app.db).filter(\.$title == "Khảo sát thử \(template)").first())
    }

    @Test func anInvitationAnswersOnceAndTheIndicatorMeetsItsTarget() async throws {
        try await withTestApp { app in
            let plan = try await planWithTargets(app)
            var b = Browser(app)
            try await b.login("chauthanh.kehoach")
            let survey = try await createSurvey(&b, app, template: "knowledge", access: "invitation", audience: "civil_servants",
                                                target: "\(try plan.requireID().uuidString):0")
            #expect(survey.targetPercent == 80)
            let surveyID = try survey.requireID()
            let pnv = try await unit("ST-CTH-PNV", on: app.db)
            #expect(try await b.post("/surveys/\(surveyID)/invitations", [("unitID", try pnv.requireID().uuidString), ("count", "3")]).status == .seeOther)
            let tokens = try await SurveyInvitation.query(on: app.db).filter(\.$survey.$id == surveyID).all().map(\.token)
            #expect(tokens.count == 3)
            let csv = try await b.get("/surveys/\(surveyID)/invitations.csv").body.string
            #expect(tokens.allSatisfy { csv.contains("/s/\(survey.publicCode)?t=\($0)") })

            // A civil servant answers with the first token, all four knowledge questions right.
            var phone = Browser(app)
            #expect(try await phone.get("/s/\(survey.publicCode)").body.string.contains("Mã mời"))
            #expect(try await phone.get("/s/\(survey.publicCode)?t=sai-ma-123").status == .notFound)
            let page = try await phone.get("/s/\(survey.publicCode)?t=\(tokens[0])")
            #expect(page.status == .ok && page.body.string.contains("Chương trình tổng thể"))
            let right = [("t", tokens[0]), ("q1", "1"), ("q2", "0"), ("q3", "1"), ("q4", "0"), ("q4", "1"), ("q4", "2"), ("q5", "1"), ("q6", "5")]
            let sent = try await phone.post("/s/\(survey.publicCode)", right, withCSRF: false)
            #expect(sent.status == .created && sent.body.string.contains("Cảm ơn") && !sent.body.string.contains("Mã tiếp nhận"))
            // The same token again, even with other answers: refused, the first answers stay.
            let again = try await phone.post("/s/\(survey.publicCode)", [("t", tokens[0]), ("q1", "0"), ("q2", "1"), ("q3", "0"), ("q4", "3"), ("q5", "0"), ("q6", "1")],
                                             withCSRF: false)
            #expect(again.status == .conflict && again.body.string.contains("một lần"))
            #expect(try await phone.get("/s/\(survey.publicCode)?t=\(tokens[0])").status == .conflict)
            let stored = try await SurveyResponse.query(on: app.db).filter(\.$survey.$id == surveyID).all()
            #expect(try stored.count == 1 && stored[0].status == .complete && stored[0].answers["q2"] == ["0"] && stored[0].$unit.id == pnv.id)

            // Two more right answers: 3 of 3 meet the condition; with so few the interval still reaches below 80%.
            for token in tokens.dropFirst() {
                var other = Browser(app)
                #expect(try await other.post("/s/\(survey.publicCode)", right.map { $0.0 == "t" ? ("t", token) : $0 }, withCSRF: false).status == .created)
            }
            let show = try await b.get("/surveys/\(surveyID)").body.string
            #expect(show.contains("100,0%") && show.contains("Chưa phân định được"))
            // The plan's indicators list it, and count the tasks from the records.
            let indicators = try await b.get("/plans/\(try plan.requireID())/indicators").body.string
            #expect(indicators.contains("Khảo sát thử knowledge") && indicators.contains("Theo dõi trên hệ thống") && indicators.contains("tạo khảo sát"))
        }
    }

    /// `count` complete responses, `meeting` of them favourable (5) and the rest not (2), through the group writer at once.
    func answer(_ app: Application, _ survey: Survey, unit unitID: UUID?, count: Int, meeting: Int) async throws {
        let surveyID = try survey.requireID()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<count {
                group.addTask {
                    let answers = try PublicSurveyController.json(["q3": [i < meeting ? "5" : "2"], "q1": ["0"]])
                    let outcome = try await try #require(app.surveyServices).writer.save(.init(surveyID: surveyID, unitID: unitID, clientKey: "o:" + UUID().uuidString, answers: answers,
                                                                        complete: true, source: .online, enteredBy: nil, at: Date()))
                    #expect(outcome == .saved)
                }
            }
            try await group.waitForAll()
        }
    }

    func favourableSurvey(_ app: Application, rule questions: [String] = ["q3"]) async throws -> (Browser, Survey) {
        var b = Browser(app)
        try await b.login("chauthanh.kehoach")
        let survey = try await createSurvey(&b, app, template: "sipas", access: "open", audience: "citizens")
        try survey.setRule(IndicatorRule(kind: .favourable, questions: questions))
        survey.targetPercent = 80
        try await survey.save(on: app.db)
        return (b, survey)
    }

    @Test func aSampleAboveTheTargetIsMetAndOneAt78IsUndetermined() async throws {
        try await withTestApp { app in
            let (b0, survey) = try await favourableSurvey(app)
            var b = b0
            try await answer(app, survey, unit: nil, count: 400, meeting: 344)
            let met = try await b.get("/surveys/\(try survey.requireID())").body.string
            #expect(met.contains("86,0%") && met.contains("verdict-met") && met.contains("Đánh giá: <strong>Đạt</strong>"))

            try await SurveyResponse.query(on: app.db).filter(\.$survey.$id == survey.requireID()).delete()
            try await answer(app, survey, unit: nil, count: 400, meeting: 312)
            let close = try await b.get("/surveys/\(try survey.requireID())").body.string
            #expect(close.contains("78,0%") && close.contains("Chưa phân định được") && close.contains("73,7% – 81,8%"))
            // The distribution of the scale question is drawn and tabled.
            #expect(close.contains("<svg class=\"bars\"") && close.contains("Bảng số liệu"))
        }
    }

    @Test func indicatorsRollUpWeightedByPopulation() async throws {
        try await withTestApp { app in
            let (b0, survey) = try await favourableSurvey(app)
            var b = b0
            let surveyID = try survey.requireID()
            let children = try await Unit.query(on: app.db).filter(\.$parent.$id == survey.$unit.id).sort(\.$code).all()
            let big = children[0], small = children[1]
            let saved = try await b.post("/surveys/\(surveyID)/populations", [("pop_\(try big.requireID())", "9000"), ("pop_\(try small.requireID())", "1.000")])
            #expect(saved.status == .seeOther)
            try await answer(app, survey, unit: big.id, count: 100, meeting: 90)
            try await answer(app, survey, unit: small.id, count: 100, meeting: 50)
            let page = try await b.get("/surveys/\(surveyID)").body.string
            // 0.9·90% + 0.1·50% = 86%, not the 70% of the pooled answers; the sample needed is 385 of 10,000, 347 and 38 (the tie goes to the larger unit).
            #expect(page.contains("<th>86,0%</th>"))
            #expect(page.contains("<strong>385</strong>") && page.contains("<td>347</td>") && page.contains("<td>38</td>"))
            #expect(page.contains("90,0%") && page.contains("50,0%"))
            let analysis = try await SurveyAnalysis.load(survey, on: app.db)
            #expect(abs(analysis.overall.value - 0.86) < 1e-9)
        }
    }

    @Test func anAbandonedHalfFilledResponseIsKeptAsPartial() async throws {
        try await withTestApp { app in
            let (b0, survey) = try await favourableSurvey(app, rule: [])
            var b = b0
            var phone = Browser(app)
            let page = try await phone.get("/s/\(survey.publicCode)")
            #expect(page.status == .ok)
            let html = page.body.string
            let rid = try #require(html.range(of: #"name="rid" value=""#).map { String(html[$0.upperBound...].prefix { $0 != "\"" }) })
            // The page saves as the citizen goes, then the citizen leaves.
            let saved = try await phone.post("/s/\(survey.publicCode)/save", [("rid", rid), ("q1", "0"), ("q3", "4")], withCSRF: false)
            #expect(saved.status == .noContent)
            var kept = try await SurveyResponse.query(on: app.db).filter(\.$survey.$id == survey.requireID()).all()
            #expect(try kept.count == 1 && kept[0].status == .partial && kept[0].answers["q3"] == ["4"])
            // Coming back, the answers are there (the browser's cookie names the response).
            let back = try await phone.get("/s/\(survey.publicCode)").body.string
            #expect(back.contains(#"name="q3" value="4" checked"#))
            // Sending with required questions missing keeps what was typed, as partial, and says what is missing.
            let short = try await phone.post("/s/\(survey.publicCode)", [("rid", rid), ("q1", "1"), ("q3", "5"), ("q4", "3")], withCSRF: false)
            #expect(short.status == .unprocessableEntity && short.body.string.contains("Câu này cần trả lời."))
            kept = try await SurveyResponse.query(on: app.db).filter(\.$survey.$id == survey.requireID()).all()
            #expect(try kept.count == 1 && kept[0].status == .partial && kept[0].answers["q4"] == ["3"])
            #expect(try await b.get("/surveys/\(try survey.requireID())").body.string.contains("<strong>1</strong>phiếu dở dang"))
            // A form posted from another site is refused.
            var evil = Browser(app)
            evil.extraHeaders.add(name: "Sec-Fetch-Site", value: "cross-site")
            #expect(try await evil.post("/s/\(survey.publicCode)", [("rid", rid)], withCSRF: false).status == .forbidden)
        }
    }

    @Test func openSurveysAreRateLimitedPerAddressAndLight() async throws {
        try await withTestApp(adjust: { $0.surveySubmissionsPerHour = 2 }) { app in
            let (_, survey) = try await favourableSurvey(app)
            let sipas = SurveyTemplate.sipas.questionnaire
            var form: [(String, String)] = []
            for q in sipas.questions where q.required { form.append((q.id, q.kind == .likert ? "4" : "0")) }
            var statuses: [HTTPStatus] = []
            for i in 0..<3 {
                var phone = Browser(app)
                let res = try await phone.post("/s/\(survey.publicCode)", [("rid", "thietbi\(i)abcdef")] + form, withCSRF: false)
                statuses.append(res.status)
                // The thanks page gives each respondent its own receipt.
                if res.status == .created { #expect(res.body.string.contains(#"data-receipt="thietbi\#(i)abcdef">thietbi\#(i)abcdef</code>"#)) }
            }
            #expect(statuses == [.created, .created, .tooManyRequests])
            // The page with its stylesheet and script stays far under 50 KB.
            var phone = Browser(app)
            let page = try await phone.get("/s/\(survey.publicCode)")
            let css = try await phone.get("/css/survey.css"), js = try await phone.get("/js/survey.js")
            #expect(css.status == .ok && js.status == .ok)
            let total = page.body.readableBytes + css.body.readableBytes + js.body.readableBytes
            #expect(total < 50_000, "\(total) bytes")
            #expect(!page.body.string.contains("app.css"))
            // A body far beyond any questionnaire is refused before it is read.
            let huge = try await phone.post("/s/\(survey.publicCode)", [("rid", "thietbi9abcdef"), ("q13", String(repeating: "x", count: 70_000))], withCSRF: false)
            #expect(huge.status == .payloadTooLarge)
        }
    }

    @Test func paperAnswersExportsReportsAndOtherUnits() async throws {
        try await withTestApp { app in
            let (b0, survey) = try await favourableSurvey(app, rule: [])
            var b = b0
            let surveyID = try survey.requireID()
            try await b.get("/surveys/\(surveyID)/paper")
            let commune = try await unit("ST-CTH-XPT", on: app.db)
            var form: [(String, String)] = [("unitID", try commune.requireID().uuidString)]
            for q in try survey.questionnaire.questions where q.required { form.append((q.id, q.kind == .likert ? "5" : "1")) }
            #expect(try await b.post("/surveys/\(surveyID)/paper", form).status == .seeOther)
            #expect(try await b.post("/surveys/\(surveyID)/paper", [("unitID", try commune.requireID().uuidString)]).status == .unprocessableEntity)
            let paper = try #require(try await SurveyResponse.query(on: app.db).filter(\.$survey.$id == surveyID).first())
            #expect(paper.source == .paper && paper.enteredBy == "chauthanh.kehoach" && paper.status == .complete)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entityType == .surveyResponse).count() == 1)

            let csv = try await b.get("/surveys/\(surveyID)/responses.csv").body.string
            let lines = csv.split(whereSeparator: \.isNewline)
            #expect(lines.count == 2 && lines[1].contains("Phiếu giấy") && lines[1].contains("Phú Tâm") && lines[0].contains("Câu 1."))
            let xlsx = try await b.get("/surveys/\(surveyID)/responses.xlsx")
            #expect(xlsx.status == .ok && xlsx.body.getBytes(at: 0, length: 2) == [0x50, 0x4B])
            let page = try await b.get("/surveys/\(surveyID)").body.string
            #expect(page.contains("Tiếp cận dịch vụ") && page.contains("100,0%"))

            // The period's report of the unit lists the survey with its figures.
            let report = try await b.get("/reports/\(survey.$unit.id)/\(Self.today.year)/year").body.string
            #expect(report.contains("Khảo sát: Khảo sát thử sipas"))

            // Another district sees nothing of it; a reporter of an office cannot change it.
            var other = Browser(app)
            try await other.login("vinhchau.kehoach")
            #expect(try await other.get("/surveys/\(surveyID)").status == .forbidden)
            #expect(try await other.get("/surveys/\(surveyID)/responses.csv").status == .forbidden)
            #expect(!(try await other.get("/surveys").body.string.contains("Khảo sát thử sipas")))
            try await other.get("/account")
            #expect(try await other.post("/surveys/\(surveyID)/populations", [("pop_\(try commune.requireID())", "5")]).status == .forbidden)
            var reporter = Browser(app)
            try await reporter.login("chauthanh.pnv")
            try await reporter.get("/account")
            #expect(try await reporter.post("/surveys/\(surveyID)", [("title", "Đổi tên")]).status == .forbidden)
        }
    }

    /// A survey whose stored questions were damaged (edited by hand, cut short) is reported as damaged, not shown
    /// as a survey without questions that would take answers to nothing.
    @Test func aDamagedStoredQuestionnaireIsReportedNotReadAsEmpty() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("chauthanh.kehoach")
            let survey = try await createSurvey(&b, app, template: "sipas", access: "open", audience: "citizens")
            #expect(try await b.get("/surveys/\(try survey.requireID())").status == .ok)
            survey.questionnaireJSON = String(survey.questionnaireJSON.prefix(40))
            try await survey.save(on: app.db)
            let page = try await b.get("/surveys/\(try survey.requireID())")
            #expect(page.status == .internalServerError)
            #expect(page.body.string.contains("bảng câu hỏi của đợt khảo sát trong cơ sở dữ liệu bị hỏng"))
            var visitor = Browser(app)
            let form = try await visitor.get("/s/\(survey.publicCode)")
            #expect(form.status == .internalServerError)
            #expect(!form.body.string.contains("<form"))
        }
    }

    @Test func questionsLockOnceAnswersArriveAndBadTextIsExplained() async throws {
        try await withTestApp { app in
            let (b0, survey) = try await favourableSurvey(app, rule: [])
            var b = b0
            let surveyID = try survey.requireID()
            try await b.get("/surveys/\(surveyID)/edit")
            let base: [(String, String)] = [("title", "Khảo sát thử sipas"), ("audience", "citizens"), ("access", "open"), ("opensOn", Self.day(-5)),
                                            ("closesOn", Self.day(20)), ("margin", "5"), ("ruleKind", "favourable")]
            let bad = try await b.post("/surveys/\(surveyID)", base + [("questions", "1. Chọn [một lựa chọn]\n- chỉ một")])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Dòng 1:"))
            let good = try await b.post("/surveys/\(surveyID)", base + [("questions", "# Phần I\n1. Hài lòng không? [hài lòng]\n2. Góp ý [trả lời ngắn]")])
            #expect(good.status == .seeOther)
            let updated = try #require(try await Survey.find(surveyID, on: app.db))
            #expect(try updated.questionnaire.questions.count == 2 && updated.questionnaire.sections == ["Phần I"])
            try await answer(app, updated, unit: nil, count: 1, meeting: 1)
            try await b.get("/surveys/\(surveyID)/edit")
            let locked = try await b.post("/surveys/\(surveyID)", base + [("questions", "1. Câu mới [hài lòng]")])
            #expect(locked.status == .conflict && locked.body.string.contains("Đã có phiếu trả lời"))
        }
    }

    @Test func groupCommitWritesEveryAnswerOnceInFewerTransactions() async throws {
        try await withTestApp { app in
            let (_, survey) = try await favourableSurvey(app)
            try await answer(app, survey, unit: nil, count: 300, meeting: 150)
            let rows = try await SurveyResponse.query(on: app.db).filter(\.$survey.$id == survey.requireID()).count()
            #expect(rows == 300)
            let commits = await try #require(app.surveyServices).writer.commits
            #expect(commits < 300, "\(commits) commits for 300 answers")
            // The same key twice in one group: one row, the complete answer wins; a later partial does not undo it.
            let id = try survey.requireID()
            async let first = try #require(app.surveyServices).writer.save(.init(surveyID: id, unitID: nil, clientKey: "o:lap-lai-123", answers: "{}", complete: false, source: .online, enteredBy: nil, at: Date()))
            async let second = try #require(app.surveyServices).writer.save(.init(surveyID: id, unitID: nil, clientKey: "o:lap-lai-123", answers: #"{"q3":["5"]}"#, complete: true, source: .online, enteredBy: nil, at: Date()))
            _ = try await (first, second)
            let late = try await try #require(app.surveyServices).writer.save(.init(surveyID: id, unitID: nil, clientKey: "o:lap-lai-123", answers: "{}", complete: false, source: .online, enteredBy: nil, at: Date()))
            #expect(late == .alreadyComplete)
            let same = try await SurveyResponse.query(on: app.db).filter(\.$clientKey == "o:lap-lai-123").all()
            #expect(try same.count == 1 && same[0].status == .complete && same[0].answers["q3"] == ["5"])
        }
    }
}
