import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
import Domain

/// Plans in the app: import in the browser and through the API, names resolved against the registry, issuing
/// into assignments and occurrences, who may do what, and bad input.
@Suite struct PlanTests {
    /// The shared seeds 000, 002 and 003, as the repository keeps them for the demo.
    static let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Resources/Demo").standardized
    static let seedFiles = ["000": "ke-hoach-chau-thanh-2025.txt", "002": "ke-hoach-soc-trang-2025.txt", "003": "ke-hoach-xa-phu-tam-2024.txt"]

    static func seed(_ prefix: String) throws -> URL {
        seeds.appendingPathComponent(try #require(seedFiles[prefix]))
    }

    /// Uploads a seed through the import page; returns the new plan's id.
    static func upload(_ b: inout Browser, seed prefix: String, unit: String? = nil) async throws -> (BrowserResponse, UUID?) {
        try await b.get("/plans/import")
        let file = try seed(prefix)
        let res = try await b.postMultipart("/plans/import", fileField: "file", filename: file.lastPathComponent,
                                            data: try Data(contentsOf: file), fields: unit.map { [("unit", $0)] } ?? [])
        let id = res.headers.first(name: .location).flatMap { $0.split(separator: "/").dropFirst().first }.flatMap { UUID(uuidString: String($0)) }
        return (res, id)
    }

    @Test func theWebImportOfEachSeedStoresTheSameTasksAsTheCommandLine() async throws {
        try await withTestApp { app in
            for (prefix, account, unit) in [("000", "chauthanh.kehoach", nil), ("002", "snv.kehoach", nil), ("003", "admin", "ST-CTH-XPT")] {
                var b = Browser(app)
                try await b.login(account)
                let (res, id) = try await Self.upload(&b, seed: prefix, unit: unit)
                #expect(res.status == .seeOther, "\(prefix): \(res.body.string.prefix(300))")
                let planID = try #require(id)
                let exported = try await b.get("/plans/\(planID)/export.json")
                let stored = try JSONDecoder().decode(Domain.Plan.self, from: Data(buffer: exported.body))
                let parsed = try PlanImporter().importFile(at: try Self.seed(prefix).path)
                #expect(stored.tasks == parsed.tasks, "\(prefix)")
                #expect(stored.title == parsed.title)
                #expect(stored.targets == parsed.targets)
                #expect(stored.draft)
                let page = try await b.get("/plans/\(planID)")
                #expect(page.status == .ok)
                #expect(page.body.string.contains(parsed.tasks[0].content.prefix(40)))
            }
        }
    }

    @Test func namesResolveNearTheIssuerAndIssuingExpandsGroups() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("chauthanh.kehoach")
            let (_, id) = try await Self.upload(&b, seed: "000")
            let planID = try #require(id)
            let links = try await TaskUnit.query(on: app.db).filter(\.$plan.$id == planID).with(\.$unit).with(\.$group).all()
            func link(_ name: String) -> TaskUnit? { links.first { $0.name == name } }
            // "Phòng Nội vụ" exists in every district: Châu Thành's plan means Châu Thành's.
            #expect(link("Phòng Nội vụ")?.unit?.code == "ST-CTH-PNV")
            #expect(link("Phòng Văn hoá và Thông tin")?.unit?.code == "ST-CTH-PVHTT")
            #expect(link("UBND huyện")?.unit?.code == "ST-CTH")
            #expect(link("Các cơ quan, ban ngành huyện")?.group?.name == "Các cơ quan, ban ngành huyện")
            #expect(link("UBND cấp xã")?.match == .group)

            // The page lists the uncertain names first and lets the owner decide.
            let units = try await b.get("/plans/\(planID)/units")
            #expect(units.status == .ok)
            #expect(units.body.string.contains("Đơn vị trong bảng nhiệm vụ"))
            // Leads nobody can be given stop the issue, with their names.
            let openLeads = try await TaskUnit.query(on: app.db).filter(\.$plan.$id == planID).filter(\.$role == .lead).all()
                .filter { $0.$unit.id == nil && $0.$group.id == nil }
            if !openLeads.isEmpty {
                let blocked = try await b.post("/plans/\(planID)/issue", [("number", "23/KH-UBND"), ("issuedOn", "14/02/2025"), ("signerName", "Nguyễn Văn A")])
                #expect(blocked.status == .unprocessableEntity)
                #expect(blocked.body.string.contains("chưa xác định"))
                // Mark each as "no specific unit".
                let keys = Array(Set(openLeads.map { UnitNameKey.of($0.name) }))
                var form: [(String, String)] = []
                for (i, key) in keys.enumerated() { form += [("rows[r\(i)][key]", key), ("rows[r\(i)][ignore]", "1")] }
                #expect(try await b.post("/plans/\(planID)/units", form).status == .seeOther)
            }
            let issued = try await b.post("/plans/\(planID)/issue", [("number", "23/KH-UBND"), ("issuedOn", "14/02/2025"),
                                                                     ("signerTitle", "KT. CHỦ TỊCH"), ("signerName", "Nguyễn Văn A")])
            #expect(issued.status == .seeOther)
            let plan = try #require(try await Plan.find(planID, on: app.db))
            #expect(plan.status == .issued)
            #expect(plan.number == "23/KH-UBND")

            // "Các cơ quan, ban ngành huyện" became one assignment per office of the district.
            let groupTasks = links.filter { $0.role == .lead && $0.group?.name == "Các cơ quan, ban ngành huyện" }.map { $0.$task.id }
            let offices = try await App.Unit.query(on: app.db).filter(\.$parent.$id == plan.$unit.id).filter(\.$kind == .office).all()
            #expect(offices.count >= 8)
            for taskID in groupTasks {
                let assigned = try await Assignment.query(on: app.db).filter(\.$task.$id == taskID).all().map { $0.$unit.id }
                #expect(Set(offices.compactMap(\.id)).isSubset(of: Set(assigned)))
            }
            #expect(!groupTasks.isEmpty)
            // Every lead unit of every task has exactly one assignment.
            let assignments = try await Assignment.query(on: app.db).filter(\.$plan.$id == planID).all()
            #expect(Set(assignments.map { "\($0.$task.id)-\($0.$unit.id)" }).count == assignments.count)
            #expect(assignments.allSatisfy { $0.startsOn <= $0.dueOn && $0.dueOn.year == 2025 })
            // Recurring tasks got their periods.
            let monthly = try await TaskEntry.query(on: app.db).filter(\.$plan.$id == planID).all().filter { $0.recurrence == .monthly }
            for task in monthly {
                let assignment = try #require(assignments.first { $0.$task.id == task.id })
                #expect(try await Occurrence.query(on: app.db).filter(\.$assignment.$id == assignment.requireID()).count() == 12)
            }
            let page = try await b.get("/plans/\(planID)")
            #expect(page.body.string.contains("Đã giao <strong>\(assignments.count)</strong> phân công"))
            // The timeline draws one bar per task, twelve months, and today's line when today is in the plan's year.
            let timeline = try await b.get("/plans/\(planID)/timeline")
            #expect(timeline.status == .ok)
            let svg = timeline.body.string
            #expect(svg.components(separatedBy: "class=\"bar\"").count - 1 == 13)
            #expect(svg.components(separatedBy: "class=\"month\"").count - 1 == 12)
            #expect(svg.contains("Bảng tiến độ"))
            // The office sees its own share of the work: what it leads (all of 2025 is past, so overdue) and what it coordinates.
            var office = Browser(app)
            try await office.login("chauthanh.pnv")
            let pnv = try await unit("ST-CTH-PNV", on: app.db)
            let led = assignments.filter { $0.$unit.id == pnv.id }
            #expect(!led.isEmpty)
            let work = try await office.get("/work")
            #expect(work.status == .ok)
            #expect(work.body.string.contains("<strong>\(led.count)</strong>quá hạn"))
            let coordinated = links.filter { $0.role == .coordinating && $0.unit?.code == "ST-CTH-PNV" }
            #expect(work.body.string.contains("<strong>\(coordinated.count)</strong>nhiệm vụ phối hợp"))
            // Issued: no second issue, no name changes.
            #expect(try await b.post("/plans/\(planID)/issue", [("number", "24/KH-UBND"), ("issuedOn", "15/02/2025"), ("signerName", "B")]).status == .conflict)
            #expect(try await b.post("/plans/\(planID)/units", []).status == .conflict)
        }
    }

    @Test func aLastSaturdayTaskOf2022YieldsTheTwelveLastSaturdays() async throws {
        try await withTestApp { app in
            var doc = Domain.Plan()
            doc.year = 2022
            doc.title = "Kế hoạch tuyên truyền cải cách hành chính năm 2022"
            let timeframe = TimeframeParser(planYear: 2022).parse("Định kỳ vào ngày thứ Bảy của tuần cuối cùng trong tháng")
            doc.tasks = [PlanTask(no: 1, content: "Phát chuyên mục cải cách hành chính", lead: ["Phòng Nội vụ"], coordinating: [], timeframe: timeframe)]
            let district = try await unit("ST-CTH", on: app.db)
            let plan = try await PlanService.store(doc, issuer: district, sourceName: nil, actor: .system,
                                                   today: CalendarDate(year: 2022, month: 1, day: 5)!, now: Date(), on: app.db)
            let result = try await PlanService.issue(plan, .init(number: "5/KH-UBND", issuedOn: CalendarDate(year: 2022, month: 1, day: 5)!,
                                                                 signerName: "Trần Thị B"), actor: .system, now: Date(), on: app.db)
            #expect(result.assignments == 1)
            let dates = try await Occurrence.query(on: app.db).sort(\.$dueOn).all().map(\.dueOn.display)
            #expect(dates == ["29/01/2022", "26/02/2022", "26/03/2022", "30/04/2022", "28/05/2022", "25/06/2022",
                              "30/07/2022", "27/08/2022", "24/09/2022", "29/10/2022", "26/11/2022", "31/12/2022"])
        }
    }

    @Test func onlyTheIssuingUnitsPlanOwnersWriteAndUnitsBelowRead() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.login("chauthanh.kehoach")
            let (_, id) = try await Self.upload(&owner, seed: "000")
            let planID = try #require(id)
            for account in ["vinhchau.kehoach", "chauthanh.lanhdao", "chauthanh.pnv", "snv.kehoach"] {
                var b = Browser(app)
                try await b.login(account)
                #expect(try await b.get("/plans/\(planID)/units").status == .forbidden, "\(account)")
                #expect(try await b.get("/plans/\(planID)/issue").status == .forbidden, "\(account)")
                try await b.get("/plans")
                #expect(try await b.post("/plans/\(planID)/issue", [("number", "1/KH-UBND"), ("issuedOn", "01/03/2025"), ("signerName", "X")]).status == .forbidden)
            }
            // Reading: the district itself, its leader, units below it, the province above; not a sibling district.
            for (account, status) in [("chauthanh.lanhdao", HTTPStatus.ok), ("phutam", .ok), ("snv.kehoach", .ok), ("vinhchau.kehoach", .forbidden)] {
                var b = Browser(app)
                try await b.login(account)
                #expect(try await b.get("/plans/\(planID)").status == status, "\(account)")
                let list = try await b.get("/plans")
                #expect(list.body.string.contains(planID.uuidString) == (status == .ok), "\(account) list")
            }
            // A plan owner cannot file a plan under another unit, nor upload another unit's document.
            var vinhChau = Browser(app)
            try await vinhChau.login("vinhchau.kehoach")
            let (other, _) = try await Self.upload(&vinhChau, seed: "000")
            #expect(other.status == .forbidden)
            #expect(other.body.string.contains("Ủy ban nhân dân huyện Châu Thành"))
            let (elsewhere, _) = try await Self.upload(&vinhChau, seed: "003", unit: "ST-CTH")
            #expect(elsewhere.status == .forbidden)
            #expect(try await Plan.query(on: app.db).count() == 1)
        }
    }

    @Test func badUploadsGetAClearMessageAndNothingIsSaved() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("chauthanh.kehoach")
            try await b.get("/plans/import")
            let notAPlan = try await b.postMultipart("/plans/import", fileField: "file", filename: "thu-moi.txt", content: "Kính mời quý đại biểu dự hội nghị.")
            #expect(notAPlan.status == .unprocessableEntity)
            #expect(notAPlan.body.string.contains("không phải là một kế hoạch") || notAPlan.body.string.contains("Chưa nhập được"))
            let exe = try await b.postMultipart("/plans/import", fileField: "file", filename: "virus.exe", content: "MZ")
            #expect(exe.status == .unsupportedMediaType)
            let fakeDocx = try await b.postMultipart("/plans/import", fileField: "file", filename: "ke-hoach.docx", content: "không phải zip")
            #expect(fakeDocx.status == .unprocessableEntity)
            let empty = try await b.postMultipart("/plans/import", fileField: "file", filename: "rong.txt", content: "")
            #expect(empty.status == .unprocessableEntity)
            #expect(try await Plan.query(on: app.db).count() == 0)
            // The same numbered document twice: the second is refused, the first stays.
            let (first, _) = try await Self.upload(&b, seed: "000")
            #expect(first.status == .seeOther)
            let (again, _) = try await Self.upload(&b, seed: "000")
            #expect(again.status == .conflict)
            #expect(again.body.string.contains("23/KH-UBND"))
            #expect(try await Plan.query(on: app.db).count() == 1)
            #expect(try await TaskEntry.query(on: app.db).count() == 13)
            // Issue form checks.
            let planID = try #require(try await Plan.query(on: app.db).first()?.id)
            let bad = try await b.post("/plans/\(planID)/issue", [("number", "abc"), ("issuedOn", "31/02/2025"), ("signerName", "")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Số kế hoạch viết theo dạng"))
            #expect(bad.body.string.contains("Ngày không hợp lệ"))
            #expect(try await Plan.find(planID, on: app.db)?.status == .draft)
        }
    }

    @Test func theAPIListsShowsExportsAndImportsWithTheSameRule() async throws {
        try await withTestApp { app in
            let owner = try #require(try await User.query(on: app.db).filter(\.$username == "chauthanh.kehoach").first())
            let reporter = try #require(try await User.query(on: app.db).filter(\.$username == "vinhchau.kehoach").first())
            let ownerToken = try await APITokenService.create(on: app.db, user: owner, name: "api", days: 5, actor: .system, now: Date())
            let otherToken = try await APITokenService.create(on: app.db, user: reporter, name: "api", days: 5, actor: .system, now: Date())
            let file = try Self.seed("000")
            var body = ByteBuffer()
            let boundary = "api-boundary"
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.lastPathComponent)\"\r\n\r\n")
            body.writeBytes(try Data(contentsOf: file))
            body.writeString("\r\n--\(boundary)--\r\n")
            var headers: HTTPHeaders = ["Authorization": "Bearer \(ownerToken)", "Content-Type": "multipart/form-data; boundary=\(boundary)"]
            let created = try await app.testing().sendRequest(.POST, "/api/v1/plans/import", headers: headers, body: body)
            #expect(created.status == .created)
            let detail = try created.content.decode(PlanDetailDTO.self)
            #expect(detail.plan.tasks.count == 13)
            #expect(detail.tasks.count == 13)
            let planID = try #require(detail.id)

            headers = ["Authorization": "Bearer \(ownerToken)"]
            let list = try await app.testing().sendRequest(.GET, "/api/v1/plans?year=2025", headers: headers)
            #expect(try list.content.decode(PlanAPIController.PlanList.self).items.map(\.id) == [planID])
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/plans?year=2024", headers: headers)
                .content.decode(PlanAPIController.PlanList.self).items.isEmpty)
            let docx = try await app.testing().sendRequest(.GET, "/api/v1/plans/\(planID)/export?format=docx", headers: headers)
            #expect(docx.status == .ok)
            #expect(docx.body.readableBytesView.starts(with: [0x50, 0x4B]))
            let xlsx = try await app.testing().sendRequest(.GET, "/api/v1/plans/\(planID)/export?format=xlsx", headers: headers)
            #expect(xlsx.status == .ok)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/plans/\(planID)/export?format=pdf", headers: headers).status == .badRequest)

            let other: HTTPHeaders = ["Authorization": "Bearer \(otherToken)"]
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/plans/\(planID)", headers: other).status == .forbidden)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/plans", headers: other)
                .content.decode(PlanAPIController.PlanList.self).items.isEmpty)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/plans").status == .unauthorized)
        }
    }

    @Test func anUnknownLeadBlocksTheIssueUntilTheOwnerChoosesAUnitAndKeepsTheName() async throws {
        try await withTestApp { app in
            var doc = Domain.Plan()
            doc.year = 2025
            doc.title = "Kế hoạch tuyên truyền cải cách hành chính năm 2025"
            doc.tasks = [
                PlanTask(no: 1, content: "Tuyên truyền tại chợ", lead: ["Ban quản lý chợ Thuận Hòa"], coordinating: ["Các cơ quan khác có liên quan"],
                         timeframe: TimeframeParser(planYear: 2025).parse("Quý II/2025")),
                PlanTask(no: 2, content: "Pano, áp phích", lead: ["P. Nội vụ huyện Châu Thành"], coordinating: [],
                         timeframe: TimeframeParser(planYear: 2025).parse("Tháng 5-10/2025")),
            ]
            let district = try await unit("ST-CTH", on: app.db)
            let plan = try await PlanService.store(doc, issuer: district, sourceName: nil, actor: .system,
                                                   today: CalendarDate(year: 2025, month: 2, day: 1)!, now: Date(), on: app.db)
            let planID = try plan.requireID()
            let links = try await TaskUnit.query(on: app.db).filter(\.$plan.$id == planID).with(\.$unit).all()
            #expect(links.first { $0.name.hasPrefix("Ban quản lý") }?.match == .unresolved)
            let fuzzy = try #require(links.first { $0.name.hasPrefix("P. Nội vụ") })
            #expect(fuzzy.unit?.code == "ST-CTH-PNV")
            #expect(fuzzy.match == .fuzzy && fuzzy.confidence < 1)

            var b = Browser(app)
            try await b.login("chauthanh.kehoach")
            let page = try await b.get("/plans/\(planID)/units")
            #expect(page.body.string.contains("Ban quản lý chợ Thuận Hòa"))
            #expect(page.body.string.contains("Gần đúng ("))
            let blocked = try await b.post("/plans/\(planID)/issue", [("number", "30/KH-UBND"), ("issuedOn", "01/03/2025"), ("signerName", "Lê Văn C")])
            #expect(blocked.status == .unprocessableEntity)
            #expect(blocked.body.string.contains("Ban quản lý chợ Thuận Hòa"))

            let key = UnitNameKey.of("Ban quản lý chợ Thuận Hòa")
            // A choice that matches nothing is refused and nothing changes.
            let wrong = try await b.post("/plans/\(planID)/units", [("rows[r0][key]", key), ("rows[r0][choice]", "Không có đơn vị này")])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("Không tìm thấy đơn vị"))
            // The commune of Thuận Hòa runs the market; keep the plan's wording as one of its names.
            let chosen = try await b.post("/plans/\(planID)/units", [("rows[r0][key]", key), ("rows[r0][choice]", "ST-CTH-XTH"), ("rows[r0][alias]", "1")])
            #expect(chosen.status == .seeOther)
            let commune = try await unit("ST-CTH-XTH", on: app.db)
            let aliases = try await UnitAlias.query(on: app.db).filter(\.$unit.$id == commune.requireID()).all().map(\.name)
            #expect(aliases.contains("Ban quản lý chợ Thuận Hòa"))
            let issued = try await b.post("/plans/\(planID)/issue", [("number", "30/KH-UBND"), ("issuedOn", "01/03/2025"), ("signerName", "Lê Văn C")])
            #expect(issued.status == .seeOther)
            let assigned = try await Assignment.query(on: app.db).filter(\.$plan.$id == planID).with(\.$unit).all()
            #expect(Set(assigned.map(\.unit.code)) == ["ST-CTH-XTH", "ST-CTH-PNV"])
            let window = try #require(assigned.first { $0.unit.code == "ST-CTH-PNV" })
            #expect((window.startsOn.display, window.dueOn.display) == ("01/05/2025", "31/10/2025"))
            // The next plan naming the market this way finds it at once.
            let next = try await PlanService.store(doc, issuer: district, sourceName: nil, actor: .system,
                                                   today: CalendarDate(year: 2025, month: 3, day: 1)!, now: Date(), on: app.db)
            let again = try await TaskUnit.query(on: app.db).filter(\.$plan.$id == next.requireID()).with(\.$unit).all()
            #expect(again.first { $0.name.hasPrefix("Ban quản lý") }?.unit?.code == "ST-CTH-XTH")
            #expect(again.first { $0.name.hasPrefix("Ban quản lý") }?.match == .alias)
            // Everything was logged.
            let log = try await AuditEntry.query(on: app.db).filter(\.$entityType == .plan).all().map(\.summary)
            #expect(log.contains { $0.hasPrefix("Ban hành kế hoạch số 30/KH-UBND") })
            #expect(log.contains { $0.contains("Ban quản lý chợ Thuận Hòa → Ủy ban nhân dân xã Thuận Hòa") })
        }
    }

    @Test func aNameTheRegistryLacksBecomesANewUnitOfTheIssuer() async throws {
        try await withTestApp { app in
            let district = try await unit("ST-CTH", on: app.db)
            let plan = try await makePlan([("Tuyên truyền cho xã viên", ["Hợp tác xã Thuận Phát"], "Tháng 6/2025")], on: app)
            let planID = try plan.requireID()
            let key = UnitNameKey.of("Hợp tác xã Thuận Phát")
            var reporter = Browser(app)
            try await reporter.login("chauthanh.pnv")
            #expect(try await reporter.post("/plans/\(planID)/units", [("rows[r0][key]", key), ("rows[r0][create]", "1")]).status == .forbidden)
            var b = Browser(app)
            try await b.login("chauthanh.kehoach")
            try await b.get("/plans/\(planID)/units")
            #expect(try await b.post("/plans/\(planID)/units", [("rows[r0][key]", key), ("rows[r0][create]", "1")]).status == .seeOther)
            let created = try #require(try await App.Unit.query(on: app.db).filter(\.$name == "Hợp tác xã Thuận Phát").first())
            #expect(created.$parent.id == district.id)
            #expect(created.code == "ST-CTH-HTXTP")
            #expect(created.level == .district)
            _ = try await PlanService.issue(plan, .init(number: "40/KH-UBND", issuedOn: CalendarDate(year: 2025, month: 2, day: 2)!, signerName: "A"),
                                            actor: .system, now: Date(), on: app.db)
            #expect(try await Assignment.query(on: app.db).filter(\.$plan.$id == planID).first()?.$unit.id == created.id)
        }
    }
}
