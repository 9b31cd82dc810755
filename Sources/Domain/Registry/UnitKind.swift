import Foundation

/// What kind of body a unit is.
public enum UnitKind: String, CaseIterable, Codable, Sendable {
    case committee              // Ủy ban nhân dân
    case department             // Sở, ban, ngành
    case office                 // Phòng, Văn phòng, Thanh tra cấp huyện
    case publicService = "public_service"        // Đơn vị sự nghiệp công lập
    case centralBranch = "central_branch"        // Cơ quan Trung ương đặt tại địa phương
    case massOrganisation = "mass_organisation"  // Mặt trận, đoàn thể
    case civilServantPost = "civil_servant_post" // Công chức cấp xã
    case hamlet                 // Ấp, khóm, thôn
    case other

    public var label: String {
        switch self {
        case .committee: return "Ủy ban nhân dân"
        case .department: return "Sở, ban, ngành"
        case .office: return "Phòng, ban chuyên môn"
        case .publicService: return "Đơn vị sự nghiệp công lập"
        case .centralBranch: return "Cơ quan Trung ương đặt tại địa phương"
        case .massOrganisation: return "Mặt trận, đoàn thể"
        case .civilServantPost: return "Chức danh công chức cấp xã"
        case .hamlet: return "Ấp, khóm"
        case .other: return "Khác"
        }
    }

    /// Short Vietnamese names offices write in a spreadsheet ("Sở", "Phòng", "ĐVSN"), folded.
    static let shortNames: [String: UnitKind] = [
        "ubnd": .committee, "uy ban": .committee, "uy ban nhan dan": .committee,
        "so": .department, "so, nganh": .department, "so ban nganh": .department, "ban": .department,
        "phong": .office, "phong ban": .office, "phong chuyen mon": .office, "van phong": .office, "co quan chuyen mon": .office,
        "don vi su nghiep": .publicService, "dvsn": .publicService, "su nghiep": .publicService,
        "trung uong": .centralBranch, "co quan trung uong": .centralBranch,
        "doan the": .massOrganisation, "mat tran": .massOrganisation, "to chuc chinh tri - xa hoi": .massOrganisation,
        "cong chuc": .civilServantPost, "cong chuc cap xa": .civilServantPost,
        "ap": .hamlet, "khom": .hamlet, "thon": .hamlet, "to dan pho": .hamlet, "ap, khom": .hamlet,
        "khac": .other,
    ]

    /// The kind a unit's name says by its first words ("Phòng Nội vụ" → office, "Trung tâm Văn hóa …" → public service).
    public init(guessingFrom name: String) {
        let f = " " + UnitNameKey.of(name) + " "
        let heads: [(String, UnitKind)] = [
            (" ubnd ", .committee), (" so ", .department), (" ban dan toc ", .department),
            (" phong ", .office), (" van phong ", .office), (" thanh tra ", .office),
            (" trung tam ", .publicService), (" dai ", .publicService), (" bao ", .publicService), (" truong ", .publicService),
            (" ban quan ly ", .publicService), (" cong an ", .centralBranch), (" bhxh ", .centralBranch), (" cuc ", .centralBranch),
            (" chi cuc ", .centralBranch), (" kho bac ", .centralBranch), (" ngan hang ", .centralBranch), (" vien kiem sat ", .centralBranch),
            (" toa an ", .centralBranch), (" mttq ", .massOrganisation), (" uy ban mttq ", .massOrganisation), (" hoi ", .massOrganisation),
            (" doan ", .massOrganisation), (" lien doan ", .massOrganisation), (" ap ", .hamlet), (" khom ", .hamlet), (" thon ", .hamlet),
            (" cong chuc ", .civilServantPost),
        ]
        self = heads.filter { f.hasPrefix($0.0) }.max { $0.0.count < $1.0.count }?.1 ?? .other
    }

    /// Accepts the code, the Vietnamese label or a usual short name, ignoring case and diacritics.
    public init?(loose text: String) {
        let f = VietnameseText.fold(text).trimmingCharacters(in: .whitespaces)
        if let k = UnitKind(rawValue: f) { self = k; return }
        if let k = UnitKind.allCases.first(where: { VietnameseText.fold($0.label) == f }) { self = k; return }
        if let k = UnitKind.shortNames[f] { self = k; return }
        return nil
    }
}

/// Where a unit sits in the administrative hierarchy.
public enum UnitLevel: String, CaseIterable, Codable, Sendable {
    case province, district, commune, below

    public var label: String {
        switch self {
        case .province: return "Cấp tỉnh"
        case .district: return "Cấp huyện"
        case .commune: return "Cấp xã"
        case .below: return "Dưới cấp xã"
        }
    }

    /// Accepts the code, "Cấp tỉnh", or just "tỉnh", "huyện", "xã" (and "thành phố", "phường", "đặc khu" for their levels).
    public init?(loose text: String) {
        let f = VietnameseText.fold(text).trimmingCharacters(in: .whitespaces)
        if let l = UnitLevel(rawValue: f) { self = l; return }
        let words: [String: UnitLevel] = ["thanh pho truc thuoc trung uong": .province, "quan": .district, "thi xa": .district,
                                          "thanh pho thuoc tinh": .district, "phuong": .commune, "thi tran": .commune,
                                          "dac khu": .commune, "duoi xa": .below, "ap": .below, "thon": .below]
        if let l = words[f] { self = l; return }
        if let l = UnitLevel.allCases.first(where: { VietnameseText.fold($0.label) == f || VietnameseText.fold($0.label) == "cap " + f }) {
            self = l
            return
        }
        return nil
    }
}

/// A rule that names a set of units relative to an anchor unit ("UBND cấp xã" under a district).
public struct GroupRule: Codable, Equatable, Sendable {
    public enum Relation: String, Codable, Sendable, CaseIterable {
        case children, descendants
    }

    public var relation: Relation
    public var kinds: [UnitKind]
    public var levels: [UnitLevel]

    public init(relation: Relation, kinds: [UnitKind] = [], levels: [UnitLevel] = []) {
        self.relation = relation
        self.kinds = kinds
        self.levels = levels
    }

    /// The minimal facts about a unit that a rule looks at.
    public struct Member: Sendable, Equatable {
        public var id: UUID
        public var parentID: UUID?
        public var path: String
        public var kind: UnitKind
        public var level: UnitLevel
        public var validFrom: CalendarDate?
        public var validTo: CalendarDate?

        public init(id: UUID, parentID: UUID?, path: String, kind: UnitKind, level: UnitLevel,
                    validFrom: CalendarDate?, validTo: CalendarDate?) {
            self.id = id
            self.parentID = parentID
            self.path = path
            self.kind = kind
            self.level = level
            self.validFrom = validFrom
            self.validTo = validTo
        }

        public func isValid(on date: CalendarDate) -> Bool {
            if let from = validFrom, date < from { return false }
            if let to = validTo, to < date { return false }
            return true
        }
    }

    /// The units the rule names under `anchor` on `date`.
    public func resolve(anchor: Member, candidates: [Member], on date: CalendarDate) -> [Member] {
        candidates.filter { unit in
            guard unit.id != anchor.id, unit.isValid(on: date) else { return false }
            switch relation {
            case .children: guard unit.parentID == anchor.id else { return false }
            case .descendants: guard unit.path.hasPrefix(anchor.path) else { return false }
            }
            if !kinds.isEmpty && !kinds.contains(unit.kind) { return false }
            if !levels.isEmpty && !levels.contains(unit.level) { return false }
            return true
        }
    }
}
