import Domain
import Fluent
import Vapor

/// The 2025 restructuring in the demo: Sóc Trăng, the old Cần Thơ city and Hậu Giang merged into the new thành phố
/// Cần Thơ on 1 July 2025 (Nghị quyết 202/2025/QH15), its 103 commune-level units (Nghị quyết 1668/NQ-UBTVQH15),
/// the district level ended. Read from the table in Resources/Demo through the same import offices use; the
/// table's notes say which parts are demo assumptions.
enum DemoRestructuring {
    static let file = "sap-xep-2025.csv"

    /// Applies the table once, when the registry still has the demo province and no registry event.
    @discardableResult
    static func applyIfNone(app: Application) async throws -> Int {
        guard try await RegistryEvent.query(on: app.db).count() == 0,
              try await Unit.query(on: app.db).filter(\.$code == "ST").first() != nil,
              let admin = try await User.query(on: app.db).filter(\.$username == "admin").with(\.$unit).first() else { return 0 }
        let now = app.clock.now()
        // The two other provinces before the merge (their own trees are not part of the demo).
        for (code, name, short) in [("CTO", "Ủy ban nhân dân thành phố Cần Thơ", "UBND thành phố Cần Thơ"),
                                    ("HG", "Ủy ban nhân dân tỉnh Hậu Giang", "UBND tỉnh Hậu Giang")]
        where try await Unit.query(on: app.db).filter(\.$code == code).first() == nil {
            let input = UnitInput(code: code, name: name, shortName: short, kind: .committee, level: .province, parentID: nil,
                                  aliases: [], validFrom: nil, validTo: nil)
            _ = try await UnitService.create(input, actor: .system, now: now, on: app.db)
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: app.directory.resourcesDirectory + "Demo/" + file))
        let table = try RestructuringImport.table(from: data, filename: file)
        let viewer = try await Viewer.load(user: admin, unit: admin.unit, on: app.db)
        let resolution = try await RestructuringImport.resolve(table, viewer: viewer, on: app.db)
        guard resolution.problems.isEmpty else {
            throw AppError(.internalServerError, "Bảng sắp xếp mẫu không khớp danh mục: " + resolution.problems.prefix(3).joined(separator: "; "))
        }
        let count = try await RestructuringImport.apply(resolution, viewer: viewer, now: now, today: app.clock.today(), on: app.db)
        try await finish(app: app, now: now)
        return count
    }

    /// What the table does not hold: the usual short names of the new communes, the city's groups, and accounts.
    static func finish(app: Application, now: Date) async throws {
        guard let city = try await Unit.query(on: app.db).filter(\.$code == "CT").first() else { return }
        try await app.db.write { db in
            let below = try await Unit.query(on: db).filter(\.$parent.$id == city.requireID()).filter(\.$kind == .committee).all()
            for unit in below {
                let place = unit.name.replacingOccurrences(of: "Ủy ban nhân dân ", with: "")
                try await UnitAlias(unitID: try unit.requireID(), name: place.prefix(1).uppercased() + place.dropFirst(), validFrom: unit.validFrom).create(on: db)
            }
            try await UnitService.replaceAliases(of: city, with: ["UBND thành phố", "Ủy ban nhân dân thành phố", "Thành phố Cần Thơ"], on: db)
            let groups: [(String, GroupRule, [String])] = [
                ("Sở, ban, ngành thành phố", GroupRule(relation: .children, kinds: [.department, .office]),
                 ["Các sở, ban, ngành thành phố", "Sở, ban, ngành", "Các sở, ban ngành"]),
                ("UBND cấp xã thành phố Cần Thơ", GroupRule(relation: .children, kinds: [.committee], levels: [.commune]),
                 ["UBND các xã, phường", "UBND cấp xã", "Ủy ban nhân dân các xã, phường"]),
                ("Đơn vị sự nghiệp công lập thành phố", GroupRule(relation: .children, kinds: [.publicService]), ["Các đơn vị sự nghiệp thuộc UBND thành phố"]),
                ("Cơ quan trung ương đặt tại thành phố", GroupRule(relation: .children, kinds: [.centralBranch]), ["Cơ quan trung ương đóng trên địa bàn thành phố"]),
            ]
            for (name, rule, aliases) in groups {
                let group = try await GroupService.create(name: name, anchor: city, rule: rule, aliases: aliases, actor: .system, now: now, on: db)
                group.validFrom = city.validFrom
                try await group.save(on: db)
            }
        }
        let hash = try await AuthService.hash(app.config.demoAdminPassword, cost: app.config.bcryptCost)
        for (username, fullName, role, code) in [("cantho.snv", "Chuyên viên Sở Nội vụ thành phố Cần Thơ", Role.planOwner, "CT"),
                                                 ("phutam.kehoach", "Công chức Văn hóa - Xã hội xã Phú Tâm (mới)", Role.planOwner, "CT-X-PHUTAM")] {
            guard let unit = try await Unit.query(on: app.db).filter(\.$code == code).first(),
                  try await User.query(on: app.db).filter(\.$username == username).first() == nil else { continue }
            let user = User(username: username, passwordHash: hash, fullName: fullName, role: role, unitID: try unit.requireID())
            try await app.db.audited(by: .system, at: now) { db, audit in
                try await user.create(on: db)
                try await audit.record(.create, .user, id: user.id, unit: unit.id, summary: "Tạo tài khoản mẫu \(username)", before: UserDTO?.none, after: UserDTO(user))
            }
        }
    }
}
