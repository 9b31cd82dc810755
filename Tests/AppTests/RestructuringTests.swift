@testable import App
import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

/// The 2025 restructuring: events with history, the tree on a date, the successor's view of its predecessors' work.
@Suite struct RestructuringTests {
    static let basis = RegistryEventDetails.Basis(number: "202/2025/QH15", date: CalendarDate(year: 2025, month: 6, day: 12), issuer: "Quốc hội")
    static let july1 = CalendarDate(year: 2025, month: 7, day: 1)!

    /// A province with one department that leads a task of its own plan and records an activity on it.
    func provinceWithWork(_ code: String, _ place: String, app: Application, existing: Bool = false) async throws -> (dept: App.Unit, activity: Activity) {
        if !existing {
            let p = try await UnitService.create(UnitInput(code: code, name: "Ủy ban nhân dân tỉnh \(place)", shortName: "UBND tỉnh \(place)", kind: .committee,
                                                           level: .province, parentID: nil, aliases: []), actor: .system, now: Date(), on: app.db)
            _ = try await UnitService.create(UnitInput(code: "\(code)-SNV", name: "Sở Nội vụ tỉnh \(place)", kind: .department, level: .province,
                                                       parentID: p.id, aliases: ["Sở Nội vụ"]), actor: .system, now: Date(), on: app.db)
        }
        let plan = try await makePlan([("Tuyên truyền cải cách hành chính trên cổng thông tin", ["Sở Nội vụ"], "Tháng 3/2025")], issuer: code,
                                      number: "1/KH-UBND", on: app)
        let assignment = try #require(try await Assignment.query(on: app.db).filter(\.$plan.$id == plan.requireID()).first())
        let activity = try await ActivityService.record(.init(kind: .newsArticle, channel: .portal, happenedOn: CalendarDate(year: 2025, month: 3, day: 10)!,
                                                              title: "Bài viết của \(place)"), upload: nil, on: assignment, plan: plan, actor: .system,
                                                        storage: app.files, maxBytes: app.config.maxUploadBytes, quota: app.config.unitStorageQuotaBytes, on: app.db)
        return (try await unit("\(code)-SNV", on: app.db), activity)
    }

    func planOwner(of code: String, app: Application) async throws -> Viewer {
        let u = try await unit(code, on: app.db)
        let user = User(username: "chu.\(code.lowercased())", passwordHash: app.dummyPasswordHash, fullName: "Chủ kế hoạch", role: .planOwner, unitID: try u.requireID())
        try await user.create(on: app.db)
        return try await Viewer.load(user: user, unit: u, on: app.db)
    }

    @Test func mergingThreeProvincesKeepsEachRecordWithItsUnitAndShowsItInTheSuccessorsRollup() async throws {
        try await withTestApp { app in
            let st = try await provinceWithWork("ST", "Sóc Trăng", app: app, existing: true)
            let a = try await provinceWithWork("HGX", "Hậu Giang", app: app)
            let b = try await provinceWithWork("CTX", "Cần Thơ cũ", app: app)
            let sources = [try await unit("ST", on: app.db), try await unit("HGX", on: app.db), try await unit("CTX", on: app.db)]
            let event = try await RegistryEventService.record(
                RegistryChange(kind: .merge, effectiveOn: Self.july1, basis: Self.basis, sources: sources,
                               targets: [.new(.init(code: "CTN", name: "Ủy ban nhân dân thành phố Cần Thơ", kind: .committee, level: .province))]),
                actor: .system, now: Date(), today: app.clock.today(), on: app.db)
            #expect(event.state == .effective)
            // Every record keeps the unit that made it.
            for (dept, activity) in [st, a, b] {
                let stored = try #require(try await Activity.find(activity.id, on: app.db))
                #expect(stored.$unit.id == dept.id)
            }
            // The predecessors end the day before; the successor starts on the day.
            for code in ["ST", "HGX", "CTX"] { #expect(try await unit(code, on: app.db).validTo == CalendarDate(year: 2025, month: 6, day: 30)) }
            #expect(try await unit("ST-SNV", on: app.db).validTo == CalendarDate(year: 2025, month: 6, day: 30))
            let viewer = try await planOwner(of: "CTN", app: app)
            #expect(Set(viewer.predecessors.map(\.name)) == Set(sources.map(\.name)))
            // History is readable, not writable.
            #expect(viewer.may(.read, a.dept) && !viewer.may(.edit, a.dept))
            let visible = try await Activity.query(on: app.db).visible(to: viewer).all()
            #expect(Set(visible.compactMap(\.id)) == Set([st.activity, a.activity, b.activity].compactMap(\.id)))
            let rollup = try await RollupPage.load(viewer: viewer, year: 2025, today: app.clock.today(), on: app.db)
            #expect(rollup.activities == 3)
            #expect(rollup.scope.contains("Ủy ban nhân dân tỉnh Hậu Giang"))
            // Each unit's work under its own name.
            let labels = rollup.byUnit.bars.map(\.label)
            for dept in [st.dept, a.dept, b.dept] { #expect(labels.contains(dept.name)) }
            // A unit that had nothing to do with the merge sees none of it.
            let other = try await UnitService.create(UnitInput(code: "KHAC", name: "Ủy ban nhân dân tỉnh Khác", kind: .committee, level: .province,
                                                               parentID: nil, aliases: []), actor: .system, now: Date(), on: app.db)
            let outsider = try await planOwner(of: try #require(other.code as String?), app: app)
            #expect(try await Activity.query(on: app.db).visible(to: outsider).count() == 0)
        }
    }

    @Test func aMovedUnitIsSeenByItsNewParentsPlanOwnersAndNoLongerByTheOld() async throws {
        try await withTestApp { app in
            let plan = try await makePlan([("Tuyên truyền trên loa truyền thanh xã", ["UBND xã Phú Tâm"], "Tháng 4/2025")], number: "2/KH-UBND", on: app)
            let commune = try await unit("ST-CTH-XPT", on: app.db)
            let effective = CalendarDate(year: 2026, month: 1, day: 1)!
            _ = try await RegistryEventService.record(
                RegistryChange(kind: .move, effectiveOn: effective, basis: Self.basis, sources: [commune], newParent: try await unit("ST-VC", on: app.db)),
                actor: .system, now: Date(), today: app.clock.today(), on: app.db)
            let oldOwner = try await Viewer.load(user: try #require(try await User.query(on: app.db).filter(\.$username == "chauthanh.kehoach").first()),
                                                 unit: try await unit("ST-CTH", on: app.db), on: app.db)
            let newOwner = try await Viewer.load(user: try #require(try await User.query(on: app.db).filter(\.$username == "vinhchau.kehoach").first()),
                                                 unit: try await unit("ST-VC", on: app.db), on: app.db)
            let moved = try await unit("ST-CTH-XPT", on: app.db)
            let post = try await unit("ST-CTH-XPT-VPTK", on: app.db)
            #expect(!oldOwner.may(.read, moved) && !oldOwner.may(.read, post))
            #expect(newOwner.may(.manage, moved) && newOwner.may(.read, post))
            let planID = try plan.requireID(), movedID = try moved.requireID()
            let assignments = Assignment.query(on: app.db).filter(\.$plan.$id == planID).filter(\.$unit.$id == movedID)
            #expect(try await assignments.copy().visible(to: newOwner).count() == 1)
            #expect(try await assignments.copy().visible(to: oldOwner).count() == 0)
            // The tree on a date before the move still has it under its old parent.
            let before = try await App.Unit.query(on: app.db).children(of: try unit("ST-CTH", on: app.db).requireID(), on: CalendarDate(year: 2025, month: 12, day: 31)!).all()
            let after = try await App.Unit.query(on: app.db).children(of: try unit("ST-CTH", on: app.db).requireID(), on: effective).all()
            #expect(before.contains { $0.code == "ST-CTH-XPT" } && !after.contains { $0.code == "ST-CTH-XPT" })
            #expect(try await App.Unit.query(on: app.db).children(of: try unit("ST-VC", on: app.db).requireID(), on: effective).all().contains { $0.code == "ST-CTH-XPT" })
        }
    }

    @Test func undoingAFutureEventRestoresTheTreeAndAPastOneCannotBeUndone() async throws {
        try await withTestApp { app in
            let today = app.clock.today()
            let future = try #require(today.adding(days: 40))
            let a = try await unit("ST-CTH-XAH", on: app.db), b = try await unit("ST-CTH-XAN", on: app.db)
            let before = try await App.Unit.query(on: app.db).count()
            let event = try await RegistryEventService.record(
                RegistryChange(kind: .merge, effectiveOn: future, basis: Self.basis, sources: [a, b],
                               targets: [.new(.init(code: "XAN-MOI", name: "Ủy ban nhân dân xã An Ninh", kind: .committee, level: .commune, parentID: a.$parent.id))]),
                actor: .system, now: Date(), today: today, on: app.db)
            #expect(event.state == .pending)
            #expect(try await unit("ST-CTH-XAH", on: app.db).validTo == future.adding(days: -1))
            // Until then both old communes are in the tree; from then the new one.
            let district = try await unit("ST-CTH", on: app.db).requireID()
            let now = try await App.Unit.query(on: app.db).children(of: district, on: today).valid(on: today).all().map(\.code)
            let then = try await App.Unit.query(on: app.db).children(of: district, on: future).valid(on: future).all().map(\.code)
            #expect(now.contains("ST-CTH-XAH") && !now.contains("XAN-MOI"))
            #expect(!then.contains("ST-CTH-XAH") && then.contains("XAN-MOI"))
            try await RegistryEventService.undo(event, actor: .system, now: Date(), today: today, on: app.db)
            #expect(try await unit("ST-CTH-XAH", on: app.db).validTo == nil)
            #expect(try await App.Unit.query(on: app.db).count() == before)
            #expect(try await UnitLink.query(on: app.db).count() == 0)
            // A past event stays: a new one corrects it.
            let past = try await RegistryEventService.record(
                RegistryChange(kind: .rename, effectiveOn: CalendarDate(year: 2025, month: 1, day: 1)!,
                               basis: .init(number: "15/NQ-HĐND", date: CalendarDate(year: 2024, month: 12, day: 10), issuer: "Hội đồng nhân dân tỉnh Sóc Trăng"), sources: [try await unit("ST-CTH-XTM", on: app.db)],
                               newName: "Ủy ban nhân dân xã Thiện Mỹ A"), actor: .system, now: Date(), today: today, on: app.db)
            await #expect(throws: AppError.self) { try await RegistryEventService.undo(past, actor: .system, now: Date(), today: today, on: app.db) }
            // The former name stays findable for documents of its time, not after.
            let aliases = try await UnitAlias.query(on: app.db).filter(\.$unit.$id == past.details.sources[0]).all()
            let former = try #require(aliases.first { $0.name == "Ủy ban nhân dân xã Thiện Mỹ" })
            #expect(former.isValid(on: CalendarDate(year: 2024, month: 5, day: 1)!) && !former.isValid(on: CalendarDate(year: 2025, month: 2, day: 1)!))
        }
    }

    @Test func aTableRowNamingAnUnknownUnitIsReportedAndAPreviewChangesNothing() async throws {
        try await withTestApp { app in
            var admin = Browser(app)
            try await admin.login("admin")
            try await admin.get("/registry/restructure")
            let unitsBefore = try await App.Unit.query(on: app.db).count()
            let header = "Đơn vị cũ;Đơn vị mới;Mã đơn vị mới;Số văn bản;Cơ quan ban hành;Ngày hiệu lực\n"
            let bad = header + "UBND xã An Hiệp;UBND xã An Ninh mới;XANM;1668/NQ-UBTVQH15;UBTVQH;01/07/2025\nUBND xã Không Có;UBND xã An Ninh mới;XANM;1668/NQ-UBTVQH15;UBTVQH;01/07/2025\n"
            let refused = try await admin.postMultipart("/registry/restructure", fileField: "file", filename: "sap-xep.csv", content: bad)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("không tìm thấy đơn vị cũ"))
            #expect(refused.body.string.contains("Không Có"))
            let good = header + "UBND xã An Hiệp;UBND xã An Ninh mới;XANM;1668/NQ-UBTVQH15;UBTVQH;01/07/2025\nST-CTH-XAN;UBND xã An Ninh mới;XANM;1668/NQ-UBTVQH15;UBTVQH;01/07/2025\n"
            let preview = try await admin.postMultipart("/registry/restructure", fileField: "file", filename: "sap-xep.csv", content: good)
            #expect(preview.status == .ok)
            #expect(preview.body.string.contains("Xem trước"))
            #expect(preview.body.string.contains("UBND xã An Ninh mới"))
            // Previewing (and leaving the page) applies nothing.
            #expect(try await App.Unit.query(on: app.db).count() == unitsBefore)
            #expect(try await RegistryEvent.query(on: app.db).count() == 0)
            let payload = Data(good.utf8).base64EncodedString()
            let applied = try await admin.postMultipart("/registry/restructure", fileField: "ignored", filename: "x.txt", content: "",
                                                         fields: [("payload", payload), ("filename", "sap-xep.csv"), ("apply", "1")])
            #expect(applied.status == .seeOther)
            let merged = try await unit("XANM", on: app.db)
            let districtID = try await unit("ST-CTH", on: app.db).id
            #expect(merged.validFrom == Self.july1 && merged.$parent.id == districtID)
            #expect(try await unit("ST-CTH-XAH", on: app.db).validTo == CalendarDate(year: 2025, month: 6, day: 30))
            #expect(try await admin.get("/registry/events").body.string.contains("1668/NQ-UBTVQH15"))
        }
    }

    @Test func theDemoRegistryHasSocTrangBeforeJulyAndTheNewCanThoAfter() async throws {
        try await withTestApp { app in
            try await DemoPlans.loadIfNone(app: app)
            #expect(try await DemoRestructuring.applyIfNone(app: app) > 40)
            let me = try #require(try await User.query(on: app.db).filter(\.$username == "admin").first())
            let token = try await APITokenService.create(on: app.db, user: me, name: "thử", days: 5, actor: .system, now: Date())
            let headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            struct Item: Decodable { let id: UUID; let name: String; let code: String; let level: String; let valid_to: String? }
            struct List: Decodable { let items: [Item] }
            struct Link: Decodable { let id: UUID; let name: String; let event: String; let effective_on: String }
            struct One: Decodable { let valid_from: String?; let predecessors: [Link]; let successors: [Link] }
            func get<T: Decodable>(_ path: String, as: T.Type) async throws -> T {
                let res = try await app.testing().sendRequest(.GET, path, headers: headers)
                #expect(res.status == .ok, "\(path)")
                return try JSONDecoder().decode(T.self, from: Data(buffer: res.body))
            }
            let march = try await get("/api/v1/units?date=2025-03-01&q=t%E1%BB%89nh%20S%C3%B3c%20Tr%C4%83ng", as: List.self)
            #expect(march.items.contains { $0.code == "ST" })
            let later = try await get("/api/v1/units?date=2026-01-01&q=S%C3%B3c%20Tr%C4%83ng", as: List.self)
            #expect(!later.items.contains { $0.code == "ST" })
            let city = try #require(try await get("/api/v1/units?date=2026-01-01&q=C%E1%BA%A7n%20Th%C6%A1", as: List.self).items.first { $0.code == "CT" })
            let detail = try await get("/api/v1/units/\(city.id)", as: One.self)
            #expect(detail.valid_from == "2025-07-01")
            #expect(detail.predecessors.contains { $0.name == "Ủy ban nhân dân tỉnh Sóc Trăng" && $0.event == "merge" && $0.effective_on == "2025-07-01" })
            let children = try await get("/api/v1/units/\(city.id)/children?date=2026-01-01", as: List.self)
            #expect(children.items.filter { $0.level == "commune" }.count == 103)
            #expect(try await get("/api/v1/units/\(city.id)/children?date=2025-03-01", as: List.self).items.isEmpty)
            // Groups resolve on the day: the districts until 30/6/2025, none after.
            let districts = try #require(try await UnitGroup.query(on: app.db).filter(\.$name == "UBND cấp huyện").first())
            #expect(try await GroupService.resolve(districts, on: CalendarDate(year: 2025, month: 3, day: 1)!, db: app.db).count == 11)
            #expect(try await GroupService.resolve(districts, on: Self.july1, db: app.db).isEmpty)
            // Accounts: moved to the one successor, or locked with a notice.
            let phutam = try #require(try await User.query(on: app.db).filter(\.$username == "phutam").with(\.$unit).first())
            #expect(phutam.isActive && phutam.unit.code == "CT-X-PHUTAM")
            let district = try #require(try await User.query(on: app.db).filter(\.$username == "chauthanh.kehoach").first())
            #expect(!district.isActive)
            #expect(try await Notice.query(on: app.db).filter(\.$user.$id == district.requireID()).count() == 1)
            // A 2024 plan naming the old district office resolves on its date; the same name in 2026 finds nothing current.
            let old = try await UnitDirectory.load(issuer: try await unit("ST-CTH", on: app.db), on: CalendarDate(year: 2024, month: 5, day: 1)!, db: app.db)
            #expect(old.resolve("Phòng Nội vụ huyện Châu Thành").unitID == (try await unit("ST-CTH-PNV", on: app.db)).id)
            let now = try await UnitDirectory.load(issuer: try await unit("CT-X-PHUTAM", on: app.db), on: CalendarDate(year: 2026, month: 3, day: 1)!, db: app.db)
            #expect(now.resolve("Phòng Nội vụ huyện Châu Thành").unitID != (try await unit("ST-CTH-PNV", on: app.db)).id)
            // "Thành lập" rows are events too, with their act and note on the unit's page (here: what the demo made up).
            let ninhKieu = try await unit("CT-P-NINHKIEU", on: app.db)
            let founding = try #require(try await RegistryEvent.query(on: app.db).filter(\.$kind == .found).filter(\.$unit.$id == ninhKieu.requireID()).first())
            #expect(founding.state == .effective && founding.basisNumber == "1668/NQ-UBTVQH15")
            var browser = Browser(app)
            try await browser.login("admin")
            let page = try await browser.get("/units/\(ninhKieu.requireID())").body.string
            #expect(page.contains("Thành lập Ủy ban nhân dân phường Ninh Kiều") && page.contains("không có trong danh mục mẫu"))
        }
    }

    /// One event entered in the browser: founded, renamed, refused with a reason, undone while pending; only inside the
    /// units the account manages; the unit page shows the act and its note.
    @Test func oneEventIsEnteredInTheBrowser() async throws {
        try await withTestApp { app in
            var district = Browser(app)
            try await district.login("chauthanh.kehoach")
            #expect(try await district.get("/registry/events/new").body.string.contains("Ghi một sự kiện sắp xếp"))
            let basis = [("basis_number", "12/QĐ-UBND"), ("basis_date", "01/02/2099"), ("basis_issuer", "UBND huyện Châu Thành")]
            // Founding a unit under the district, in the future: pending, undoable.
            let found = try await district.post("/registry/events", [("kind", "found"), ("effective_on", "01/03/2099"),
                ("targets", "ST-CTH-TTPV | Trung tâm Phục vụ hành chính công huyện Châu Thành"), ("parent", "ST-CTH"),
                ("new_kind", "public_service"), ("new_level", "district"), ("note", "Thí điểm theo đề án của huyện")] + basis)
            #expect(found.status == .seeOther)
            let founded = try await unit("ST-CTH-TTPV", on: app.db)
            #expect(founded.validFrom == CalendarDate(year: 2099, month: 3, day: 1) && founded.kind == .publicService)
            let event = try #require(try await RegistryEvent.query(on: app.db).filter(\.$kind == .found).first())
            #expect(event.state == .pending && event.note == "Thí điểm theo đề án của huyện")
            let list = try await district.get("/registry/events")
            #expect(list.body.string.contains("Thành lập Trung tâm Phục vụ hành chính công huyện Châu Thành"))
            #expect(try await district.post("/registry/events/\(event.requireID())/undo", []).status == .seeOther)
            #expect(try await App.Unit.query(on: app.db).filter(\.$code == "ST-CTH-TTPV").first() == nil)
            // A rename that takes effect today: applied at once, shown with its act on the unit's page.
            let office = try await unit("ST-CTH-PNV", on: app.db)
            let today = app.clock.today()
            let rename = try await district.post("/registry/events", [("kind", "rename"), ("effective_on", today.display), ("sources", "ST-CTH-PNV"),
                ("new_name", "Phòng Nội vụ và Lao động huyện Châu Thành"), ("note", "Đổi tên theo chức năng mới")]
                + [("basis_number", "13/QĐ-UBND"), ("basis_date", today.display), ("basis_issuer", "UBND huyện Châu Thành")])
            #expect(rename.status == .seeOther)
            #expect(try await unit("ST-CTH-PNV", on: app.db).name == "Phòng Nội vụ và Lao động huyện Châu Thành")
            let page = try await district.get("/units/\(office.requireID())").body.string
            #expect(page.contains("Văn bản về đơn vị") && page.contains("13/QĐ-UBND") && page.contains("Đổi tên theo chức năng mới"))
            // Refused with the reason, the form kept; nothing stored.
            let events = try await RegistryEvent.query(on: app.db).count()
            let noBasis = try await district.post("/registry/events", [("kind", "rename"), ("effective_on", "01/01/2099"), ("sources", "ST-CTH-PNV"),
                                                                       ("new_name", "Tên khác"), ("basis_number", ""), ("basis_issuer", "UBND huyện")])
            #expect(noBasis.status == .unprocessableEntity && noBasis.body.string.contains("số văn bản") && noBasis.body.string.contains("Tên khác"))
            let unknown = try await district.post("/registry/events", [("kind", "merge"), ("effective_on", "01/01/2099"), ("sources", "KHONG-CO-MA"),
                                                                       ("targets", "ST-CTH")] + basis)
            #expect(unknown.status == .unprocessableEntity && unknown.body.string.contains("KHONG-CO-MA"))
            let badDate = try await district.post("/registry/events", [("kind", "rename"), ("effective_on", "31/02/2099"), ("sources", "ST-CTH-PNV"),
                                                                       ("new_name", "X")] + basis)
            #expect(badDate.status == .unprocessableEntity && badDate.body.string.contains("ngày hiệu lực"))
            // Another district's office is not this account's to restructure.
            let sibling = try await district.post("/registry/events", [("kind", "rename"), ("effective_on", "01/01/2099"), ("sources", "ST-VC-PNV"),
                                                                       ("new_name", "Tên khác")] + basis)
            #expect(sibling.status == .forbidden)
            #expect(try await RegistryEvent.query(on: app.db).count() == events)
        }
    }
}
