import Fluent
import Vapor
import Domain

/// The demo registry: Sóc Trăng province as the 2025 plans show it (before the July 2025 restructuring).
enum DemoData {
    struct Node {
        let code: String
        let name: String
        var short: String? = nil
        let kind: UnitKind
        let level: UnitLevel
        var aliases: [String] = []
        var children: [Node] = []
    }

    static func committee(_ code: String, _ name: String, level: UnitLevel, aliases: [String] = [], children: [Node] = []) -> Node {
        Node(code: code, name: "Ủy ban nhân dân " + name, short: "UBND " + name, kind: .committee, level: level,
             aliases: aliases + [name.prefix(1).uppercased() + name.dropFirst()], children: children)
    }

    /// A district (or district-level town) with its offices, public-service units, police and communes.
    static func district(_ code: String, kindWord: String, name: String, communes: [(String, String)], full: Bool) -> Node {
        let place = "\(kindWord) \(name)"
        var children: [Node] = []
        if full {
            func office(_ c: String, _ n: String, _ short: String? = nil, aliases: [String] = []) -> Node {
                Node(code: "\(code)-\(c)", name: "\(n) \(place)", short: short, kind: .office, level: .district,
                     aliases: aliases + [n, "\(n) \(kindWord)"])
            }
            children = [
                office("VP", "Văn phòng HĐND và UBND", aliases: ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân \(place)"]),
                office("PNV", "Phòng Nội vụ", "PNV"),
                office("PTP", "Phòng Tư pháp"),
                office("PTCKH", "Phòng Tài chính - Kế hoạch", aliases: ["Phòng Tài chính – Kế hoạch"]),
                office("PVHTT", "Phòng Văn hóa và Thông tin", aliases: ["Phòng Văn hoá và Thông tin"]),
                office("PKTHT", "Phòng Kinh tế và Hạ tầng"),
                office("PNN", "Phòng Nông nghiệp và Phát triển nông thôn"),
                office("PTNMT", "Phòng Tài nguyên và Môi trường"),
                office("PLDTBXH", "Phòng Lao động - Thương binh và Xã hội"),
                office("PGDDT", "Phòng Giáo dục và Đào tạo"),
                office("PYT", "Phòng Y tế"),
                office("TTRA", "Thanh tra", aliases: ["Thanh tra \(kindWord)"]),
                Node(code: "\(code)-TTVH", name: "Trung tâm Văn hóa – Thể thao – Truyền thanh \(place)", short: "TT VH-TT-TT",
                     kind: .publicService, level: .district,
                     aliases: ["Trung tâm Văn hóa – Thể thao – Truyền thanh \(kindWord)", "Trung tâm VH-TT-TT",
                               "Trung tâm Văn hóa - Thể thao - Truyền thanh \(kindWord)", "Trung tâm Văn hoá – Thể thao – Truyền thanh \(kindWord)"]),
                Node(code: "\(code)-TTCT", name: "Trung tâm Chính trị \(place)", kind: .publicService, level: .district,
                     aliases: ["Trung tâm Chính trị \(kindWord)"]),
                Node(code: "\(code)-CA", name: "Công an \(place)", kind: .centralBranch, level: .district,
                     aliases: ["Công an \(kindWord)"]),
                Node(code: "\(code)-BHXH", name: "Bảo hiểm xã hội \(place)", kind: .centralBranch, level: .district,
                     aliases: ["Bảo hiểm xã hội \(kindWord)"]),
                Node(code: "\(code)-MTTQ", name: "Ủy ban Mặt trận Tổ quốc Việt Nam \(place)", short: "UBMTTQVN \(kindWord)",
                     kind: .massOrganisation, level: .district, aliases: ["Ủy ban MTTQ \(kindWord)"]),
                Node(code: "\(code)-DTN", name: "Đoàn TNCS Hồ Chí Minh \(place)", short: "\(kindWord.capitalized) đoàn",
                     kind: .massOrganisation, level: .district,
                     aliases: ["Đoàn Thanh niên Cộng sản Hồ Chí Minh \(place)", "Đoàn TNCS Hồ Chí Minh \(kindWord)"]),
            ]
        }
        for (suffix, commune) in communes {
            var posts: [Node] = []
            if full && suffix == communes.first?.0 {
                let cc = "\(code)-\(suffix)"
                posts = [
                    Node(code: "\(cc)-VPTK", name: "Công chức Văn phòng - Thống kê \(commune)", kind: .civilServantPost, level: .commune,
                         aliases: ["Công chức Văn phòng - Thống kê", "Công chức Văn phòng - Thống Kê (Một cửa)"]),
                    Node(code: "\(cc)-VHXH", name: "Công chức Văn hóa - Xã hội \(commune)", kind: .civilServantPost, level: .commune,
                         aliases: ["Công chức Văn hóa - Xã hội"]),
                    Node(code: "\(cc)-TPHT", name: "Công chức Tư pháp - Hộ tịch \(commune)", kind: .civilServantPost, level: .commune,
                         aliases: ["Công chức Tư pháp - Hộ tịch"]),
                    Node(code: "\(cc)-TCKT", name: "Công chức Tài chính - Kế toán \(commune)", kind: .civilServantPost, level: .commune,
                         aliases: ["Công chức Tài chính - Kế toán"]),
                    Node(code: "\(cc)-DTT", name: "Đài Truyền thanh \(commune)", kind: .publicService, level: .commune,
                         aliases: ["Đài truyền thanh xã", "Trạm truyền thanh \(commune)"]),
                ]
            }
            children.append(committee("\(code)-\(suffix)", commune, level: .commune, children: posts))
        }
        return committee(code, place, level: .district, children: children)
    }

    static var province: Node {
        func dept(_ c: String, _ n: String, _ short: String? = nil, aliases: [String] = []) -> Node {
            Node(code: "ST-\(c)", name: n + " tỉnh Sóc Trăng", short: short, kind: .department, level: .province,
                 aliases: aliases + [n, n + " tỉnh"])
        }
        var children: [Node] = [
            Node(code: "ST-VP", name: "Văn phòng Ủy ban nhân dân tỉnh Sóc Trăng", short: "VP UBND tỉnh", kind: .office, level: .province,
                 aliases: ["Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"]),
            dept("SNV", "Sở Nội vụ", "SNV"),
            dept("STP", "Sở Tư pháp", "STP"),
            dept("SKHDT", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"),
            dept("STC", "Sở Tài chính", "STC"),
            dept("SCT", "Sở Công Thương"),
            dept("SNN", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT"),
            dept("SGTVT", "Sở Giao thông vận tải"),
            dept("SXD", "Sở Xây dựng"),
            dept("STNMT", "Sở Tài nguyên và Môi trường"),
            dept("STTTT", "Sở Thông tin và Truyền thông", "Sở TT&TT"),
            dept("SLDTBXH", "Sở Lao động - Thương binh và Xã hội"),
            dept("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL", aliases: ["Sở Văn hoá, Thể thao và Du lịch"]),
            dept("SKHCN", "Sở Khoa học và Công nghệ"),
            dept("SGDDT", "Sở Giáo dục và Đào tạo"),
            dept("SYT", "Sở Y tế"),
            dept("TTRA", "Thanh tra", aliases: ["Thanh tra tỉnh"]),
            dept("BDT", "Ban Dân tộc"),
            dept("BQLKCN", "Ban Quản lý các khu công nghiệp"),
            Node(code: "ST-BAO", name: "Báo Sóc Trăng", kind: .publicService, level: .province),
            Node(code: "ST-DAI", name: "Đài Phát thanh và Truyền hình Sóc Trăng", short: "Đài PT-TH", kind: .publicService, level: .province,
                 aliases: ["Đài Phát thanh - Truyền hình tỉnh", "Đài Phát thanh và Truyền hình tỉnh", "Đài PT-TH tỉnh"]),
            Node(code: "ST-TCT", name: "Trường Chính trị tỉnh Sóc Trăng", kind: .publicService, level: .province, aliases: ["Trường Chính trị"]),
            Node(code: "ST-TTVH", name: "Trung tâm Văn hóa tỉnh Sóc Trăng", kind: .publicService, level: .province,
                 aliases: ["Trung tâm Văn hoá tỉnh", "Trung tâm Văn hóa tỉnh"]),
            Node(code: "ST-CA", name: "Công an tỉnh Sóc Trăng", kind: .centralBranch, level: .province, aliases: ["Công an tỉnh"]),
            Node(code: "ST-BHXH", name: "Bảo hiểm xã hội tỉnh Sóc Trăng", kind: .centralBranch, level: .province,
                 aliases: ["Bảo hiểm xã hội tỉnh", "BHXH tỉnh"]),
            Node(code: "ST-CT-THUE", name: "Cục Thuế tỉnh Sóc Trăng", kind: .centralBranch, level: .province, aliases: ["Cục Thuế tỉnh"]),
            Node(code: "ST-MTTQ", name: "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sóc Trăng", short: "UBMTTQVN tỉnh", kind: .massOrganisation,
                 level: .province, aliases: ["Ủy ban MTTQ tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]),
            Node(code: "ST-DTN", name: "Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh Sóc Trăng", short: "Tỉnh đoàn Sóc Trăng",
                 kind: .massOrganisation, level: .province, aliases: ["Đoàn TNCS Hồ Chí Minh tỉnh Sóc Trăng", "Tỉnh đoàn"]),
        ]
        children.append(district("ST-CTH", kindWord: "huyện", name: "Châu Thành", communes: [
            ("XPT", "xã Phú Tâm"), ("TTR", "thị trấn Châu Thành"), ("XHDK", "xã Hồ Đắc Kiện"), ("XTH", "xã Thuận Hòa"),
            ("XPTAN", "xã Phú Tân"), ("XTM", "xã Thiện Mỹ"), ("XAH", "xã An Hiệp"), ("XAN", "xã An Ninh"),
        ], full: true))
        children.append(district("ST-VC", kindWord: "thị xã", name: "Vĩnh Châu", communes: [
            ("P1", "Phường 1"), ("P2", "Phường 2"), ("PVP", "phường Vĩnh Phước"), ("PKH", "phường Khánh Hòa"),
            ("XVH", "xã Vĩnh Hải"), ("XHD", "xã Hòa Đông"), ("XLH", "xã Lai Hòa"), ("XLAH", "xã Lạc Hòa"),
            ("XVT", "xã Vĩnh Tân"), ("XVHI", "xã Vĩnh Hiệp"),
        ], full: true))
        children.append(district("ST-TT", kindWord: "huyện", name: "Thạnh Trị", communes: [
            ("TTPL", "thị trấn Phú Lộc"), ("TTHL", "thị trấn Hưng Lợi"), ("XLT", "xã Lâm Tân"), ("XLK", "xã Lâm Kiết"),
            ("XTT", "xã Tuân Tức"), ("XTTAN", "xã Thạnh Tân"), ("XTTRI", "xã Thạnh Trị"), ("XVL", "xã Vĩnh Lợi"),
            ("XVTH", "xã Vĩnh Thành"), ("XCH", "xã Châu Hưng"),
        ], full: true))
        for (code, word, name) in [("ST-TP", "thành phố", "Sóc Trăng"), ("ST-NN", "thị xã", "Ngã Năm"), ("ST-KS", "huyện", "Kế Sách"),
                                   ("ST-MT", "huyện", "Mỹ Tú"), ("ST-CLD", "huyện", "Cù Lao Dung"), ("ST-LP", "huyện", "Long Phú"),
                                   ("ST-MX", "huyện", "Mỹ Xuyên"), ("ST-TD", "huyện", "Trần Đề")] {
            children.append(district(code, kindWord: word, name: name, communes: [], full: false))
        }
        return committee("ST", "tỉnh Sóc Trăng", level: .province, aliases: ["UBND tỉnh"], children: children)
    }

    /// Loads the registry, its groups and the demo accounts when the database has no unit yet.
    @discardableResult
    static func loadIfEmpty(on db: any Database, config: AppConfig, now: Date) async throws -> Bool {
        guard try await Unit.query(on: db).count() == 0 else { return false }
        let actor = AuditActor.system
        // The units of the demo province existed long before the system; when they began is not recorded.
        let validFrom: CalendarDate? = nil
        try await db.audited(by: actor, at: now) { db, audit in
            var byCode: [String: Unit] = [:]
            func insert(_ node: Node, parent: Unit?) async throws {
                let unit = Unit(code: node.code, name: node.name, shortName: node.short, kind: node.kind, level: node.level,
                                parent: parent, validFrom: validFrom)
                try await unit.create(on: db)
                try await UnitService.replaceAliases(of: unit, with: node.aliases, on: db)
                byCode[node.code] = unit
                for child in node.children { try await insert(child, parent: unit) }
            }
            try await insert(province, parent: nil)
            try await audit.record(.create, .unit, id: nil, unit: byCode["ST"]?.id, summary: "Nạp danh mục đơn vị mẫu tỉnh Sóc Trăng (\(byCode.count) đơn vị)")
            try await createGroups(byCode: byCode, actor: actor, now: now, on: db)
        }
        try await createAccounts(config: config, now: now, on: db)
        return true
    }

    static func createGroups(byCode: [String: Unit], actor: AuditActor, now: Date, on db: any Database) async throws {
        if let province = byCode["ST"] {
            let groups: [(String, GroupRule, [String])] = [
                ("Sở, ban, ngành tỉnh", GroupRule(relation: .children, kinds: [.department, .office]),
                 ["Sở, ban, ngành", "Các sở, ban ngành", "Sở ban ngành", "Các sở, ngành tỉnh"]),
                ("UBND cấp huyện", GroupRule(relation: .children, kinds: [.committee], levels: [.district]),
                 ["UBND các huyện, thị xã, thành phố", "Ủy ban nhân dân cấp huyện"]),
                ("UBND cấp xã trong tỉnh", GroupRule(relation: .descendants, kinds: [.committee], levels: [.commune]),
                 ["UBND cấp xã", "UBND các xã, phường, thị trấn", "Ủy ban nhân dân cấp xã"]),
                ("Đơn vị sự nghiệp công lập tỉnh", GroupRule(relation: .children, kinds: [.publicService]),
                 ["Đơn vị sự nghiệp công lập thuộc tỉnh", "Các đơn vị sự nghiệp thuộc UBND tỉnh"]),
                ("Cơ quan trung ương đặt tại tỉnh", GroupRule(relation: .children, kinds: [.centralBranch]),
                 ["Cơ quan trung ương đóng trên địa bàn tỉnh", "Các đơn vị Trung ương tại địa phương"]),
            ]
            for (name, rule, aliases) in groups {
                _ = try await GroupService.create(name: name, anchor: province, rule: rule, aliases: aliases, actor: actor, now: now, on: db)
            }
        }
        for (code, word) in [("ST-CTH", "huyện"), ("ST-VC", "thị xã"), ("ST-TT", "huyện")] {
            guard let district = byCode[code] else { continue }
            let groups: [(String, GroupRule, [String])] = [
                ("UBND cấp xã", GroupRule(relation: .children, kinds: [.committee], levels: [.commune]),
                 ["UBND các xã, thị trấn", "UBND các xã, phường", "Ủy ban nhân dân cấp xã"]),
                ("Các cơ quan, ban ngành \(word)", GroupRule(relation: .children, kinds: [.office]),
                 ["Các cơ quan, ngành \(word)", "Cơ quan chuyên môn thuộc UBND \(word)"]),
                ("Đơn vị sự nghiệp công lập thuộc \(word)", GroupRule(relation: .children, kinds: [.publicService]),
                 ["Các đơn vị sự nghiệp thuộc UBND \(word)"]),
                ("Cơ quan trung ương đặt tại \(word)", GroupRule(relation: .children, kinds: [.centralBranch]),
                 ["Cơ quan trung ương đóng trên địa bàn \(word)"]),
            ]
            for (name, rule, aliases) in groups {
                _ = try await GroupService.create(name: name, anchor: district, rule: rule, aliases: aliases, actor: actor, now: now, on: db)
            }
        }
    }

    /// The demo accounts; all share the demo password.
    static let accounts: [(username: String, fullName: String, role: Role, unitCode: String)] = [
        ("admin", "Quản trị hệ thống", .admin, "ST"),
        ("snv.kehoach", "Chuyên viên Sở Nội vụ", .planOwner, "ST"),
        ("chauthanh.kehoach", "Chuyên viên Phòng Nội vụ huyện Châu Thành", .planOwner, "ST-CTH"),
        ("chauthanh.lanhdao", "Lãnh đạo UBND huyện Châu Thành", .leader, "ST-CTH"),
        ("chauthanh.pnv", "Cán bộ Phòng Nội vụ huyện Châu Thành", .reporter, "ST-CTH-PNV"),
        ("chauthanh.ttvh", "Cán bộ Trung tâm VH-TT-TT huyện Châu Thành", .reporter, "ST-CTH-TTVH"),
        ("phutam", "Công chức Văn phòng - Thống kê xã Phú Tâm", .reporter, "ST-CTH-XPT"),
        ("vinhchau.kehoach", "Chuyên viên Phòng Nội vụ thị xã Vĩnh Châu", .planOwner, "ST-VC"),
    ]

    static func createAccounts(config: AppConfig, now: Date, on db: any Database) async throws {
        let hash = try await AuthService.hash(config.demoAdminPassword, cost: config.bcryptCost)
        for account in accounts {
            guard let unit = try await Unit.query(on: db).filter(\.$code == account.unitCode).first() else { continue }
            let user = User(username: account.username, passwordHash: hash, fullName: account.fullName, role: account.role,
                            unitID: try unit.requireID())
            try await db.audited(by: .system, at: now) { db, audit in
                try await user.create(on: db)
                try await audit.record(.create, .user, id: user.id, unit: unit.id, summary: "Tạo tài khoản mẫu \(user.username)",
                                       before: UserDTO?.none, after: UserDTO(user))
            }
        }
    }
}
