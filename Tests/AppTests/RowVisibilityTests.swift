import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
import Domain

/// Which rows each role sees on every list, dashboard, export and API list. One record of each kind is seeded in the
/// viewer's own unit (huyện Châu Thành), a child (xã Phú Tâm), a sibling (thị xã Vĩnh Châu), the parent (the province)
/// and a predecessor (a district merged into Châu Thành); every viewer sits in Châu Thành. The expected rows are written
/// out, not computed from the access rule: loosening or tightening any one list's scope fails here.
@Suite struct RowVisibilityTests {
    enum Place: String, CaseIterable, Sendable {
        case own = "OWN", child = "CHILD", sibling = "SIBLING", parent = "PARENT", predecessor = "PRED"
    }

    enum Role: String, CaseIterable, Sendable { case admin, planOwner, leader, reporter }

    /// A list as a role sees it: the places whose rows appear, or `nil` when the page is refused (403).
    typealias Expectation = [Role: Set<Place>?]

    static let all = Set(Place.allCases)
    static let subtreeAndHistory: Set<Place> = [.own, .child, .predecessor]
    static let ownAndHistory: Set<Place> = [.own, .predecessor]

    /// The expected rows, list by list. The marker of each row kind is in `marker(_:_:)`.
    static let expectations: [(list: String, kind: String, expected: Expectation)] = [
        // Plans: what the unit may read, and the plans of the units above it (addressed to it).
        ("/plans?q=HANG", "KH", [.admin: all, .planOwner: [.own, .child, .parent, .predecessor], .leader: [.own, .child, .parent, .predecessor],
                                 .reporter: [.own, .parent, .predecessor]]),
        ("/api/v1/plans?q=HANG", "KH", [.admin: all, .planOwner: [.own, .child, .parent, .predecessor], .leader: [.own, .child, .parent, .predecessor],
                                        .reporter: [.own, .parent, .predecessor]]),
        // Surveys, the log and the dashboard's recent changes: the records the unit may read.
        ("/surveys", "KS", [.admin: all, .planOwner: subtreeAndHistory, .leader: subtreeAndHistory, .reporter: ownAndHistory]),
        ("/contests", "HT", [.admin: all, .planOwner: subtreeAndHistory, .leader: subtreeAndHistory, .reporter: ownAndHistory]),
        ("/audit?q=HANG", "NK", [.admin: all, .planOwner: subtreeAndHistory, .leader: subtreeAndHistory, .reporter: ownAndHistory]),
        ("/", "NK", [.admin: all, .planOwner: subtreeAndHistory, .leader: subtreeAndHistory, .reporter: ownAndHistory]),
        // Accounts: for those who manage them.
        ("/users?q=hang", "TK", [.admin: all, .planOwner: subtreeAndHistory, .leader: nil, .reporter: nil]),
        // The registry export lists every unit, with contact details only where the viewer may read them.
        ("/units/export.csv", "DT", [.admin: all, .planOwner: subtreeAndHistory, .leader: subtreeAndHistory, .reporter: ownAndHistory]),
        ("/units/export.csv", "CODE", [.admin: all, .planOwner: all, .leader: all, .reporter: all]),
        // The API's unit list (on a date when the former district still stood): every unit, contacts as in the export.
        ("/api/v1/units?date=2025-03-01", "DT", [.admin: all, .planOwner: subtreeAndHistory, .leader: subtreeAndHistory, .reporter: ownAndHistory]),
        ("/api/v1/units?date=2025-03-01", "ID", [.admin: all, .planOwner: all, .leader: all, .reporter: all]),
        // The unit's own to-do list: its own assignments only (the administrator's account sits in the province).
        ("/work", "NV", [.admin: [.parent], .planOwner: [.own], .leader: [.own], .reporter: [.own]]),
    ]

    static func marker(_ place: Place, _ kind: String) -> String {
        switch kind {
        case "DT": return "0299 700 \(Place.allCases.firstIndex(of: place).map { 100 + $0 } ?? 0)"
        case "CODE": return code(place) + ","
        case "ID": return "\"code\":\"\(code(place))\""
        case "TK": return "hang.\(place.rawValue.lowercased())"
        default: return "HANG-\(place.rawValue)-\(kind)"
        }
    }

    static func code(_ place: Place) -> String {
        switch place {
        case .own: return "ST-CTH"
        case .child: return "ST-CTH-XPT"
        case .sibling: return "ST-VC"
        case .parent: return "ST"
        case .predecessor: return "ST-THH"
        }
    }

    @Test func everyListShowsEachRoleTheRowsItMayRead() async throws {
        try await withTestApp { app in
            let owner = try #require(try await User.query(on: app.db).filter(\.$username == "chauthanh.kehoach").first())
            // A district merged into Châu Thành on 1 July 2025: its records are Châu Thành's history.
            let province = try await unit("ST", on: app.db)
            let former = try await UnitService.create(UnitInput(code: "ST-THH", name: "Ủy ban nhân dân huyện Thạnh Hòa", shortName: nil,
                                                                kind: .committee, level: .district, parentID: province.id, aliases: []),
                                                      actor: .system, now: Date(), on: app.db)
            let own = try await unit("ST-CTH", on: app.db)
            var units: [Place: App.Unit] = [:]
            for place in Place.allCases { units[place] = try await unit(Self.code(place), on: app.db) }

            // Plans of 2025 issued in January (before the merger), one task led by the unit itself, one activity on it.
            for place in Place.allCases {
                let u = try #require(units[place])
                var document = Domain.Plan()
                document.year = 2025
                document.title = "Kế hoạch \(Self.marker(place, "KH"))"
                document.tasks = [PlanTask(no: 1, content: "Đăng tin \(Self.marker(place, "NV"))", lead: [u.name], coordinating: [],
                                           timeframe: TimeframeParser(planYear: 2025).parse("Quý I/2025"))]
                let plan = try await PlanService.store(document, issuer: u, sourceName: nil, actor: .system,
                                                       today: try #require(CalendarDate(year: 2025, month: 1, day: 5)), now: Date(), on: app.db)
                _ = try await PlanService.issue(plan, .init(number: "\(place.rawValue)/KH-UBND", issuedOn: try #require(CalendarDate(year: 2025, month: 1, day: 6)),
                                                            signerName: "Người ký"), actor: .system, now: Date(), on: app.db)
                let assignment = try #require(try await Assignment.query(on: app.db).filter(\.$plan.$id == plan.requireID()).first())
                #expect(assignment.$unit.id == u.id)
                _ = try await ActivityService.record(.init(kind: .newsArticle, channel: .portal, happenedOn: try #require(CalendarDate(year: 2025, month: 3, day: 10)),
                                                           title: "Tin bài \(Self.marker(place, "HD"))"), upload: nil, on: assignment, plan: plan,
                                                     actor: .system, storage: app.files, maxBytes: app.config.maxUploadBytes,
                                                     quota: app.config.unitStorageQuotaBytes, on: app.db)
                let today = app.clock.today()
                _ = try await SurveyService.create(.init(title: "Khảo sát \(Self.marker(place, "KS"))", audience: .citizens, access: .open,
                                                         opensOn: today.adding(days: -10) ?? today, closesOn: today.adding(days: 10) ?? today, margin: 0.05),
                                                   template: .sipas, unit: u, viewer: Viewer(user: owner, unit: u), now: Date(), on: app.db)
                _ = try await ContestService.create(.init(title: "Hội thi \(Self.marker(place, "HT"))", rules: "", consent: ""), unit: u,
                                                    viewer: Viewer(user: owner, unit: u), now: Date(), on: app.db)
                u.phone = Self.marker(place, "DT")
                try await u.save(on: app.db)
            }
            _ = try await RegistryEventService.record(
                RegistryChange(kind: .merge, effectiveOn: try #require(CalendarDate(year: 2025, month: 7, day: 1)),
                               basis: .init(number: "1/NQ-UBTVQH15", date: CalendarDate(year: 2025, month: 6, day: 12), issuer: "Ủy ban Thường vụ Quốc hội"),
                               sources: [former, own], targets: [.existing(own)]),
                actor: .system, now: Date(), today: app.clock.today(), on: app.db)
            // One account per place (the former district's is kept, locked, on its unit).
            for place in Place.allCases {
                let account = User(username: Self.marker(place, "TK"), passwordHash: owner.passwordHash, fullName: "Tài khoản \(place.rawValue)",
                                   role: .reporter, unitID: try #require(units[place]?.id))
                account.isActive = place != .predecessor
                try await account.create(on: app.db)
            }
            let reporter = User(username: "chauthanh.vanphong", passwordHash: owner.passwordHash, fullName: "Văn thư huyện Châu Thành",
                                role: .reporter, unitID: try own.requireID())
            try await reporter.create(on: app.db)

            var browsers: [Role: Browser] = [:]
            var tokens: [Role: String] = [:]
            for (role, username) in [(Role.admin, "admin"), (.planOwner, "chauthanh.kehoach"), (.leader, "chauthanh.lanhdao"), (.reporter, "chauthanh.vanphong")] {
                var b = Browser(app)
                #expect(try await b.login(username).status == .seeOther)
                browsers[role] = b
                let user = try #require(try await User.query(on: app.db).filter(\.$username == username).first())
                tokens[role] = try await APITokenService.create(on: app.db, user: user, name: "hàng", days: 5, actor: .system, now: Date())
            }
            // The log's rows last, so that they are the newest on the dashboard.
            for place in Place.allCases {
                let id = try #require(units[place]?.id)
                try await app.db.audited(by: .system, at: Date()) { _, audit in
                    try await audit.record(.update, .unit, id: id, unit: id, summary: "Ghi chú \(Self.marker(place, "NK"))")
                }
            }

            var failures: [String] = []
            var checked = 0
            for (list, kind, expected) in Self.expectations {
                for role in Role.allCases {
                    let status: HTTPStatus
                    let body: String
                    if list.hasPrefix("/api/") {
                        let res = try await app.testing().sendRequest(.GET, list, headers: ["Authorization": "Bearer \(tokens[role] ?? "")"])
                        (status, body) = (res.status, res.body.string)
                    } else {
                        var b = try #require(browsers[role])
                        let res = try await b.get(list)
                        browsers[role] = b
                        (status, body) = (res.status, res.body.string)
                    }
                    let want = expected[role] ?? nil
                    guard let want else {
                        if status != .forbidden { failures.append("\(role) \(list): \(status.code), expected 403") }
                        continue
                    }
                    guard status == .ok else {
                        failures.append("\(role) \(list): \(status.code)")
                        continue
                    }
                    let seen = Set(Place.allCases.filter { body.contains(Self.marker($0, kind)) })
                    if seen != want {
                        failures.append("\(role) \(list) [\(kind)]: sees \(seen.map(\.rawValue).sorted()), expected \(want.map(\.rawValue).sorted())")
                    }
                    checked += 1
                }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
            #expect(checked > 30)
        }
    }
}
