import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import ZIPFoundation
@testable import App
import Domain

/// What a security probe sent, as tests: files and figures made to take the server down, races on one invitation,
/// one person approving their own work, and the smaller holes. The server keeps answering, each refusal is a 4xx with a
/// Vietnamese reason, and nothing oversize is stored.
@Suite struct HostileInputTests {
    static func docx(_ body: String, numbering: String? = nil) throws -> Data {
        let archive = try Archive(accessMode: .create)
        var parts = [("word/document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\(body)</w:body></w:document>")]
        if let numbering { parts.append(("word/numbering.xml", numbering)) }
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate,
                                 provider: { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) })
        }
        return try #require(archive.data)
    }

    static func p(_ text: String, numbered: Bool = false) -> String {
        (numbered ? "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>" : "<w:p>") + "<w:r><w:t>\(text)</w:t></w:r></w:p>"
    }

    static func numbering(_ format: String, start: String) -> String {
        "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\">"
            + "<w:start w:val=\"\(start)\"/><w:numFmt w:val=\"\(format)\"/><w:lvlText w:val=\"%1.\"/></w:lvl></w:abstractNum>"
            + "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>"
    }

    static let head = ["ỦY BAN NHÂN DÂN", "HUYỆN CHÂU THÀNH"].map { p($0) }.joined()

    /// The probe's files: numbering at Int.min and Int.max, letters from two billion, a span of 200 million columns, a
    /// task numbered Int.max over an unnumbered row.
    static func hostilePlans() throws -> [(String, Data)] {
        let cell = { (text: String, span: Int) in "<w:tc><w:tcPr><w:gridSpan w:val=\"\(span)\"/></w:tcPr>\(p(text))</w:tc>" }
        let table = "<w:tbl><w:tr>" + ["STT", "Nội dung", "Thời gian", "Cơ quan chủ trì"].map { cell($0, 1) }.joined() + "</w:tr><w:tr>"
            + cell("1", 200_000_000) + cell("Tuyên truyền trên Cổng thông tin", 1) + cell("Quý I/2025", 1) + cell("Phòng Nội vụ", 1) + "</w:tr></w:tbl>"
        return [
            ("so-am.docx", try docx(head + p("KẾ HOẠCH", numbered: true) + p("Tuyên truyền cải cách hành chính năm 2025", numbered: true),
                                    numbering: numbering("decimal", start: "-9223372036854775808"))),
            ("so-lon.docx", try docx(head + p("KẾ HOẠCH") + p("Mục", numbered: true) + p("Mục", numbered: true), numbering: numbering("decimal", start: "9223372036854775807"))),
            ("chu-cai.docx", try docx(head + p("KẾ HOẠCH") + p("Tuyên truyền cải cách hành chính", numbered: true),
                                      numbering: numbering("lowerLetter", start: "2000000000"))),
            ("cot.docx", try docx(head + p("KẾ HOẠCH") + p("Tuyên truyền cải cách hành chính năm 2025") + table)),
            ("so-thu-tu.md", Data("""
                ỦY BAN NHÂN DÂN
                HUYỆN CHÂU THÀNH
                KẾ HOẠCH
                Tuyên truyền cải cách hành chính năm 2025
                | STT | Nội dung | Thời gian | Cơ quan chủ trì |
                |---|---|---|---|
                | 9223372036854775807 | Tổ chức hội nghị | Quý II/2025 | Phòng Nội vụ |
                |  | Lồng ghép trong các cuộc họp | Cả năm | Văn phòng HĐND và UBND |
                """.utf8)),
            ("chu-thich.html", Data(("<html><body><p>KẾ HOẠCH</p>" + String(repeating: "<!--", count: 20_000) + "</body></html>").utf8)),
        ]
    }

    @Test func hostilePlanFilesAreReadWithoutHarmAndNothingOversizeIsStored() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("chauthanh.kehoach")
            for (name, data) in try Self.hostilePlans() {
                try await b.get("/plans/import")
                let res = try await b.postMultipart("/plans/import", fileField: "file", filename: name, data: data)
                #expect(res.status == .seeOther || (400..<500).contains(res.status.code), "\(name): \(res.status)")
                if res.status != .seeOther { #expect(res.body.string.contains("Tệp"), "\(name)") }
                #expect(try await b.get("/healthz").status == .ok)
            }
            // Through the API too.
            let owner = try #require(try await User.query(on: app.db).filter(\.$username == "chauthanh.kehoach").first())
            let token = try await APITokenService.create(on: app.db, user: owner, name: "tích hợp", days: 30, actor: .system, now: Date())
            for (name, data) in try Self.hostilePlans() {
                var body = ByteBuffer()
                body.writeString("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\n\r\n")
                body.writeBytes(data)
                body.writeString("\r\n--b--\r\n")
                let res = try await app.testing().sendRequest(.POST, "/api/v1/plans/import", headers: ["Authorization": "Bearer \(token)",
                                                                                                       "Content-Type": "multipart/form-data; boundary=b"], body: body)
                #expect(res.status == .created || (400..<500).contains(res.status.code), "\(name): \(res.status)")
            }
            for plan in try await App.Plan.query(on: app.db).all() {
                #expect(plan.title.count <= PlanLimits.title)
                let tasks = try await TaskEntry.query(on: app.db).filter(\.$plan.$id == plan.requireID()).all()
                #expect(tasks.allSatisfy { PlanLimits.taskNumbers.contains($0.no) && $0.content.count <= PlanLimits.taskContent })
            }
            let list = try await b.get("/plans")
            #expect(list.status == .ok && list.body.readableBytes < 2_000_000)
            #expect(try await b.get("/audit").body.readableBytes < 2_000_000)
        }
    }

    /// The same numbered plan uploaded several times at the same instant: one draft, the others 409 (never a 500 from
    /// the unique index).
    @Test func oneNumberedPlanIsStoredOnceUnderParallelUploads() async throws {
        try await withTestApp { app in
            let text = """
                ỦY BAN NHÂN DÂN
                HUYỆN CHÂU THÀNH
                Số: 77/KH-UBND
                KẾ HOẠCH
                Tuyên truyền cải cách hành chính năm 2025
                | STT | Nội dung | Thời gian | Cơ quan chủ trì |
                |---|---|---|---|
                | 1 | Tuyên truyền trên Cổng thông tin điện tử | Quý I/2025 | Phòng Nội vụ |
                """
            var b = Browser(app)
            try await b.login("chauthanh.kehoach")
            try await b.get("/plans/import")
            let browser = b
            let barrier = Barrier(count: 6)
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        var mine = browser
                        await barrier.wait()
                        return try await mine.postMultipart("/plans/import", fileField: "file", filename: "kh.md", content: text).status.code
                    }
                }
                var out: [UInt] = []
                for try await s in group { out.append(s) }
                return out.sorted()
            }
            #expect(statuses == [303, 409, 409, 409, 409, 409])
            #expect(try await App.Plan.query(on: app.db).filter(\.$number == "77/KH-UBND").count() == 1)
        }
    }

    /// A stand-in for the reading child: a shell script that misbehaves as told.
    static func fakeWorker(_ script: String) throws -> String {
        let worker = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-worker-\(UUID().uuidString).sh")
        try ("#!/bin/sh\n" + script + "\n").write(to: worker, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: worker.path)
        return worker.path
    }

    /// A reader that crashes, or never answers, costs its child and nothing else: a 422 with the reason, nothing stored.
    @Test(arguments: ["kill -SEGV $$", "sleep 30"])
    func aChildThatDiesOrHangsIsARefusal(_ script: String) async throws {
        let worker = try Self.fakeWorker(script)
        try await withTestApp(adjust: { $0.importWorker = worker; $0.importLimits.wallSeconds = 2 }) { app in
            var b = Browser(app)
            try await b.login("chauthanh.kehoach")
            try await b.get("/plans/import")
            let before = try await App.Plan.query(on: app.db).count()
            let res = try await b.postMultipart("/plans/import", fileField: "file", filename: "kh.md", content: "KẾ HOẠCH\nTuyên truyền cải cách hành chính")
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("dừng"))
            #expect(try await App.Plan.query(on: app.db).count() == before)
            #expect(try await b.get("/healthz").status == .ok)
        }
    }

    /// At most `IMPORT_CONCURRENCY` files are read at once and `IMPORT_QUEUE` wait; the others are told to come back.
    @Test func importsBeyondTheQueueAreToldToComeBack() async throws {
        let worker = try Self.fakeWorker("sleep 8")
        try await withTestApp(adjust: { $0.importWorker = worker; $0.importConcurrency = 1; $0.importQueue = 1 }) { app in
            let reader = try #require(app.documentReader)
            var b = Browser(app)
            try await b.login("chauthanh.kehoach")
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        do {
                            _ = try await reader.read(Data("KẾ HOẠCH".utf8), filename: "kh.md", maxBytes: 1 << 20)
                            return 200
                        } catch let error as AppError {
                            return Int(error.status.code)
                        }
                    }
                }
                // While they run, the page shows the queue.
                for _ in 0..<200 where await reader.status.running == 0 { try await Task.sleep(for: .milliseconds(50)) }
                let page = try await b.get("/plans/import").body.string
                #expect(page.contains("đang được đọc"))
                var out: [Int] = []
                for try await status in group { out.append(status) }
                return out.sorted()
            }
            #expect(statuses == [422, 422, 503])
            #expect(await reader.status == .init(running: 0, waiting: 0, slots: 1))
        }
    }

    /// Figures at the largest values ever stored (15-digit reach and cost from before the limits) do not stop the
    /// unit's report, its document or the parent's report.
    @Test func reportsStayUpOnTheLargestFigures() async throws {
        try await withTestApp { app in
            let plan = try await makePlan([("Đăng tin về cải cách hành chính", ["Phòng Nội vụ"], "Tháng 3/2026")], year: 2026, number: "3/KH-UBND", on: app)
            let office = try await unit("ST-CTH-PNV", on: app.db)
            let task = try #require(try await TaskEntry.query(on: app.db).filter(\.$plan.$id == plan.requireID()).first())
            for i in 0..<24 {
                let a = Activity()
                a.$unit.id = try office.requireID()
                a.$plan.id = try plan.requireID()
                a.$task.id = try task.requireID()
                a.kind = .newsArticle
                a.channel = .portal
                a.happenedOn = try #require(CalendarDate(year: 2026, month: 2, day: 1 + i % 20))
                a.title = "Tin \(i)"
                a.reach = Int(999_999_999_999_999_999)
                a.cost = 999_999_999_999_999_999
                a.review = .pending
                try await a.create(on: app.db)
            }
            var clerk = Browser(app)
            try await clerk.login("chauthanh.pnv")
            let path = "/reports/\(try office.requireID())/2026/q1"
            #expect(try await clerk.get(path).status == .ok)
            #expect(try await clerk.get(path + "/docx").status == .ok)
            #expect(try await clerk.get(path + "/xlsx").status == .ok)
            var owner = Browser(app)
            try await owner.login("chauthanh.kehoach")
            let district = try await unit("ST-CTH", on: app.db)
            #expect(try await owner.get("/reports/\(try district.requireID())/2026/q1").status == .ok)
            #expect(try await owner.get("/rollup?year=2026").status == .ok)
            #expect(try await owner.get("/").status == .ok)
        }
    }

    @Test func figuresAndDatesOutsideRealityAreRefusedWithTheLimit() async throws {
        try await withTestApp { app in
            let plan = try await makePlan([("Đăng tin về cải cách hành chính", ["Phòng Nội vụ"], "Tháng 3/2026")], year: 2026, number: "4/KH-UBND", on: app)
            let assignment = try #require(try await Assignment.query(on: app.db).filter(\.$plan.$id == plan.requireID()).first())
            var clerk = Browser(app)
            try await clerk.login("chauthanh.pnv")
            let path = "/assignments/\(try assignment.requireID())"
            try await clerk.get(path)
            let base = [("kind", "news_article"), ("channel", "portal"), ("title", "Tin bài")]
            func post(_ fields: [(String, String)]) async throws -> BrowserResponse {
                try await clerk.postMultipart(path + "/activities", fileField: "file", filename: "", data: Data(), fields: base + fields)
            }
            let reach = try await post([("happenedOn", "01/03/2026"), ("reach", "999.999.999.999.999")])
            #expect(reach.status == .unprocessableEntity && reach.body.string.contains("100.000.000"))
            let cost = try await post([("happenedOn", "01/03/2026"), ("cost", "9999999999999999999999")])
            #expect(cost.status == .unprocessableEntity && cost.body.string.contains("100.000.000.000"))
            let date = try await post([("happenedOn", "01/03/2200")])
            #expect(date.status == .unprocessableEntity && date.body.string.contains("2100"))
            #expect(try await Activity.query(on: app.db).count() == 0)
            #expect(try await post([("happenedOn", "01/03/2026"), ("reach", "100.000.000"), ("cost", "1.500.000")]).status == .seeOther)
        }
    }

    /// Two answers with one invitation code at the same instant: one 201, the rest 409, one response stored.
    @Test func oneInvitationCodeAnswersOnceUnderAnyConcurrency() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("chauthanh.kehoach")
            let survey = try await SurveyAppTests().createSurvey(&b, app, template: "knowledge", access: "invitation", audience: "civil_servants")
            let pnv = try await unit("ST-CTH-PNV", on: app.db)
            #expect(try await b.post("/surveys/\(try survey.requireID())/invitations", [("unitID", try pnv.requireID().uuidString), ("count", "1")]).status == .seeOther)
            let token = try #require(try await SurveyInvitation.query(on: app.db).filter(\.$survey.$id == survey.requireID()).first()?.token)
            let answers = [("t", token), ("q1", "1"), ("q2", "0"), ("q3", "1"), ("q4", "0"), ("q4", "1"), ("q4", "2"), ("q5", "1"), ("q6", "5")]
            let body = answers.map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&")
            let barrier = Barrier(count: 12)
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        await barrier.wait()
                        let res = try await app.testing().sendRequest(.POST, "/s/\(survey.publicCode)", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                                      body: ByteBuffer(string: body))
                        return res.status.code
                    }
                }
                var out: [UInt] = []
                for try await s in group { out.append(s) }
                return out
            }
            #expect(statuses.filter { $0 == 201 }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == 409 }.count == 11, "\(statuses)")
            #expect(try await SurveyResponse.query(on: app.db).filter(\.$survey.$id == survey.requireID()).count() == 1)
        }
    }

    /// Whoever wrote or submitted a report does not accept it; reopening needs a reason; whoever estimated does not
    /// appraise or approve; a unit is not the finance office of its own estimate.
    @Test func fourEyesOnReports() async throws {
        try await withTestApp { app in
            _ = try await makePlan([("Đăng tin về cải cách hành chính", ["Phòng Nội vụ"], "Tháng 3/2026")], year: 2026, number: "5/KH-UBND", on: app)
            let office = try await unit("ST-CTH-PNV", on: app.db)
            var owner = Browser(app)
            try await owner.login("chauthanh.kehoach")
            let path = "/reports/\(try office.requireID())/2026/q1"
            // The district's plan owner writes and submits the office's report, then tries to accept it.
            try await owner.get(path)
            #expect(try await owner.post(path, [("results", "Đã đăng 1 tin")]).status == .seeOther)
            #expect(try await owner.post(path + "/submit", []).status == .seeOther)
            let own = try await owner.post(path + "/review", [("decision", "accept")])
            #expect(own.status == .forbidden && own.body.string.contains("không tự duyệt"))
            // Another reviewer above the office accepts it; reopening without a reason is refused.
            var admin = Browser(app)
            try await admin.login("admin")
            try await admin.get(path)
            #expect(try await admin.post(path + "/review", [("decision", "accept")]).status == .seeOther)
            let bare = try await admin.post(path + "/review", [("decision", "reopen")])
            #expect(bare.status == .badRequest && bare.body.string.contains("lý do mở lại"))
            #expect(try await ReportService.find(unitID: office.requireID(), year: 2026, period: .q1, on: app.db)?.status == .accepted)
            #expect(try await admin.post(path + "/review", [("decision", "reopen"), ("note", "Bổ sung số liệu quý")]).status == .seeOther)
            let audited = try await AuditEntry.query(on: app.db).filter(\.$entityType == .report).all()
            #expect(audited.contains { $0.action == .reopen && $0.summary.contains("Bổ sung số liệu quý") })
        }
    }

    @Test func fourEyesOnBudgets() async throws {
        try await withTestApp { app in
            // The plan owner estimates for an office, names that office the finance office, and tries to appraise.
            try await DemoPlans.loadIfNone(app: app)
            let office = try await unit("ST-CTH-PNV", on: app.db)
            var owner = Browser(app)
            try await owner.login("chauthanh.kehoach")
            let plan = try #require(try await App.Plan.query(on: app.db).filter(\.$number == "23/KH-UBND").first())
            let planID = try plan.requireID()
            let assignment = try #require(try await Assignment.query(on: app.db).filter(\.$plan.$id == planID).filter(\.$unit.$id == office.requireID()).first())
            try await owner.get("/plans/\(planID)/budget")
            #expect(try await owner.post("/plans/\(planID)/budget", [("assignmentID", try assignment.requireID().uuidString), ("amount", "999.000.000")]).status == .seeOther)
            let estimate = try #require(try await CostEstimate.query(on: app.db).filter(\.$plan.$id == planID).first())
            #expect(try await owner.post("/plans/\(planID)/budget/finance", [("unit", "ST-CTH-PNV")]).status == .seeOther)
            let appraise = try await owner.post("/plans/\(planID)/budget/\(try estimate.requireID())/review", [("action", "appraise")])
            #expect(appraise.status == .forbidden && appraise.body.string.contains("Bạn đã lập dự toán này"))
            var clerk = Browser(app)
            try await clerk.login("chauthanh.pnv")
            try await clerk.get("/plans/\(planID)/budget")
            let selfAppraised = try await clerk.post("/plans/\(planID)/budget/\(try estimate.requireID())/review", [("action", "appraise")])
            #expect(selfAppraised.status == .forbidden && selfAppraised.body.string.contains("không tự thẩm định"))
            #expect(try await CostEstimate.find(estimate.id, on: app.db)?.status == .submitted)
        }
    }

    /// An empty or cut multipart body on every upload route: a 400 with a reason, not a 500.
    @Test(arguments: ["--XX--\r\n", "", "--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\nabc"])
    func malformedMultipartIsABadRequest(_ raw: String) async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("admin")
            try await b.get("/plans/import")
            var headers = b.headers(contentType: "multipart/form-data; boundary=XX")
            headers.replaceOrAdd(name: "X-CSRF-Token", value: b.csrf ?? "")
            for path in ["/plans/import", "/units/import", "/registry/restructure"] {
                let res = try await b.send(.POST, path, headers: headers, body: ByteBuffer(string: raw))
                #expect(res.status == .badRequest || res.status == .unprocessableEntity, "\(path): \(res.status)")
                #expect(res.status != .internalServerError)
            }
        }
    }

    @Test func aUnitCSVWhoseParentsComeLaterIsImported() async throws {
        try await withTestApp { app in
            var rows = ["ma_don_vi,ten_don_vi,loai,cap,ma_don_vi_cha"]
            for i in 0..<700 { rows.append("TEST-C\(i),Phòng \(i),office,district,TEST-P\(i % 7)") }
            for i in 0..<7 { rows.append("TEST-P\(i),Huyện thử \(i),committee,district,ST") }
            var b = Browser(app)
            try await b.login("admin")
            try await b.get("/units/import")
            let res = try await b.postMultipart("/units/import", fileField: "file", filename: "don-vi.csv", content: rows.joined(separator: "\n"))
            #expect(res.status == .seeOther || res.status == .ok, "\(res.body.string.prefix(300))")
            let child = try await unit("TEST-C699", on: app.db)
            let parent = try await unit("TEST-P6", on: app.db)
            #expect(child.$parent.id == parent.id && child.path.hasPrefix(parent.path))
        }
    }

    @Test func downloadsNameTheirFileInBothForms() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("admin")
            let res = try await b.get("/units/export.csv")
            let disposition = try #require(res.headers.first(name: .contentDisposition))
            #expect(disposition.hasPrefix("attachment; filename=\""))
            #expect(disposition.contains("filename*=UTF-8''"))
            #expect(ContentDisposition.attachment(filename: "Báo cáo quý I.docx")
                    == "attachment; filename=\"bao cao quy i.docx\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20qu%C3%BD%20I.docx")
            #expect(!ContentDisposition.attachment(filename: "a\"b\r\nc.pdf").contains("\r"))
        }
    }

    @Test func aUnitsEvidenceHasAQuota() async throws {
        try await withTestApp(adjust: { $0.unitStorageQuotaBytes = Int64(SampleFiles.pdf.count) * 2 + 10 }) { app in
            let plan = try await makePlan([("Đăng tin về cải cách hành chính", ["Phòng Nội vụ"], "Tháng 3/2026")], year: 2026, number: "6/KH-UBND", on: app)
            let assignment = try #require(try await Assignment.query(on: app.db).filter(\.$plan.$id == plan.requireID()).first())
            var clerk = Browser(app)
            try await clerk.login("chauthanh.pnv")
            let path = "/assignments/\(try assignment.requireID())"
            let fields = [("kind", "news_article"), ("channel", "portal"), ("title", "Tin bài"), ("happenedOn", "01/03/2026")]
            for expected in [HTTPStatus.seeOther, .seeOther, .payloadTooLarge] {
                try await clerk.get(path)
                let res = try await clerk.postMultipart(path + "/activities", fileField: "file", filename: "tin.pdf", data: SampleFiles.pdf, fields: fields)
                #expect(res.status == expected)
                if expected == .payloadTooLarge { #expect(res.body.string.contains("giới hạn của mỗi đơn vị")) }
            }
            #expect(try await EvidenceFile.query(on: app.db).count() == 2)
        }
    }

    /// Invitation links and QR codes come from `PUBLIC_URL`: a request with another Host header cannot make the office
    /// print links to someone else's site.
    @Test func invitationLinksComeFromTheConfiguredAddress() async throws {
        try await withTestApp(adjust: { $0.publicURL = "https://cchc.soctrang.gov.vn" }) { app in
            var b = Browser(app)
            b.extraHeaders.replaceOrAdd(name: .host, value: "evil.example")
            try await b.login("chauthanh.kehoach")
            let survey = try await SurveyAppTests().createSurvey(&b, app, template: "knowledge", access: "invitation", audience: "civil_servants")
            let unitID = try await unit("ST-CTH", on: app.db).requireID().uuidString
            let id = try survey.requireID()
            #expect(try await b.post("/surveys/\(id)/invitations", [("unitID", unitID), ("count", "1")]).status == .seeOther)
            let csv = try await b.get("/surveys/\(id)/invitations.csv").body.string
            #expect(csv.contains("https://cchc.soctrang.gov.vn/s/\(survey.publicCode)?t="))
            #expect(!csv.contains("evil.example"))
            #expect(!(try await b.get("/surveys/\(id)").body.string.contains("evil.example")))
        }
        #expect(throws: AppConfig.Invalid.self) { try AppConfig.fromEnvironment(["PUBLIC_URL": "javascript:alert(1)"]) }
        #expect(try AppConfig.fromEnvironment(["PUBLIC_URL": "https://cchc.example.vn/"]).publicURL == "https://cchc.example.vn")
    }

    @Test func surveyAddressLimitsCountAnIPv6SlashSixtyFour() {
        #expect(IPNetwork.limitKey("2001:db8:1:2:aaaa::1") == IPNetwork.limitKey("2001:db8:1:2:bbbb:cccc:dddd:eeee"))
        #expect(IPNetwork.limitKey("2001:db8:1:2::1") != IPNetwork.limitKey("2001:db8:1:3::1"))
        #expect(IPNetwork.limitKey("203.0.113.7") == "203.0.113.7")
        #expect(IPNetwork.limitKey("203.0.113.7") != IPNetwork.limitKey("203.0.113.8"))
    }
}

/// Holds every caller until `count` of them have arrived, then lets them all go at once.
actor Barrier {
    let count: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { self.count = count }

    func wait() async {
        await withCheckedContinuation { continuation in
            waiting.append(continuation)
            if waiting.count == count {
                for c in waiting { c.resume() }
                waiting.removeAll()
            }
        }
    }
}
