import Foundation

/// The years a multi-year plan spans ("giai đoạn 2022-2025" → from 2022 to 2025).
public struct PlanPeriod: Codable, Equatable, Sendable {
    public var from: Int
    public var to: Int

    public init(from: Int, to: Int) {
        self.from = from
        self.to = to
    }
}

/// A plan document in the `cchc.plan/v1` interchange form (see DESIGN.md).
public struct Plan: Codable, Equatable, Sendable {
    public static let schemaName = "cchc.plan/v1"

    public var schema: String = Plan.schemaName
    public var issuer: String?
    public var number: String?
    public var issuedOn: CalendarDate?
    public var place: String?
    public var year: Int?
    /// The years a multi-year plan spans ("giai đoạn 2022-2025"); `year` is then null unless the title names one.
    public var period: PlanPeriod?
    public var title: String?
    public var draft: Bool = false
    public var legalBases: [LegalBasis] = []
    public var targets: [Target] = []
    public var audiences: [String] = []
    public var topics: [String] = []
    public var forms: [String] = []
    public var responsibilities: [Responsibility] = []
    public var budget: String?
    public var recipients: [String] = []
    public var signer: Signer?
    public var tasks: [PlanTask] = []
    public var warnings: [String] = []

    public init() {}

    enum CodingKeys: String, CodingKey {
        case schema, issuer, number, issuedOn = "issued_on", place, year, period, title, draft
        case legalBases = "legal_bases", targets, audiences, topics, forms, responsibilities
        case budget, recipients, signer, tasks, warnings
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schema = try c.decodeIfPresent(String.self, forKey: .schema) ?? Plan.schemaName
        issuer = try c.decodeIfPresent(String.self, forKey: .issuer)
        number = try c.decodeIfPresent(String.self, forKey: .number)
        issuedOn = try c.decodeIfPresent(CalendarDate.self, forKey: .issuedOn)
        place = try c.decodeIfPresent(String.self, forKey: .place)
        year = try c.decodeIfPresent(Int.self, forKey: .year)
        period = try c.decodeIfPresent(PlanPeriod.self, forKey: .period)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        draft = try c.decodeIfPresent(Bool.self, forKey: .draft) ?? false
        legalBases = try c.decodeIfPresent([LegalBasis].self, forKey: .legalBases) ?? []
        targets = try c.decodeIfPresent([Target].self, forKey: .targets) ?? []
        audiences = try c.decodeIfPresent([String].self, forKey: .audiences) ?? []
        topics = try c.decodeIfPresent([String].self, forKey: .topics) ?? []
        forms = try c.decodeIfPresent([String].self, forKey: .forms) ?? []
        responsibilities = try c.decodeIfPresent([Responsibility].self, forKey: .responsibilities) ?? []
        budget = try c.decodeIfPresent(String.self, forKey: .budget)
        recipients = try c.decodeIfPresent([String].self, forKey: .recipients) ?? []
        signer = try c.decodeIfPresent(Signer.self, forKey: .signer)
        tasks = try c.decodeIfPresent([PlanTask].self, forKey: .tasks) ?? []
        warnings = try c.decodeIfPresent([String].self, forKey: .warnings) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schema, forKey: .schema)
        try c.encode(issuer, forKey: .issuer)
        try c.encode(number, forKey: .number)
        try c.encode(issuedOn, forKey: .issuedOn)
        try c.encode(place, forKey: .place)
        try c.encode(year, forKey: .year)
        try c.encode(period, forKey: .period)
        try c.encode(title, forKey: .title)
        try c.encode(draft, forKey: .draft)
        try c.encode(legalBases, forKey: .legalBases)
        try c.encode(targets, forKey: .targets)
        try c.encode(audiences, forKey: .audiences)
        try c.encode(topics, forKey: .topics)
        try c.encode(forms, forKey: .forms)
        try c.encode(responsibilities, forKey: .responsibilities)
        try c.encode(budget, forKey: .budget)
        try c.encode(recipients, forKey: .recipients)
        try c.encode(signer, forKey: .signer)
        try c.encode(tasks, forKey: .tasks)
        try c.encode(warnings, forKey: .warnings)
    }

    /// Pretty JSON with sorted keys, as printed by `cchc import-plan --json`.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

public struct LegalBasis: Codable, Equatable, Sendable {
    public var text: String
    public var number: String?
    public var date: CalendarDate?
    public var issuer: String?

    public init(text: String, number: String? = nil, date: CalendarDate? = nil, issuer: String? = nil) {
        self.text = text
        self.number = number
        self.date = date
        self.issuer = issuer
    }

    enum CodingKeys: String, CodingKey { case text, number, date, issuer }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(text, forKey: .text)
        try c.encode(number, forKey: .number)
        try c.encode(date, forKey: .date)
        try c.encode(issuer, forKey: .issuer)
    }
}

public struct Target: Codable, Equatable, Sendable {
    public enum Subject: String, Codable, Sendable, CaseIterable {
        case civilServants = "civil_servants"
        case reformStaff = "reform_staff"
        case citizens
        case tasks
        case other
    }

    public var text: String
    public var percent: Double
    public var subject: Subject

    public init(text: String, percent: Double, subject: Subject) {
        self.text = text
        self.percent = percent
        self.subject = subject
    }
}

public struct Responsibility: Codable, Equatable, Sendable {
    public var unit: String
    public var duties: [String]

    public init(unit: String, duties: [String]) {
        self.unit = unit
        self.duties = duties
    }
}

public struct Signer: Codable, Equatable, Sendable {
    public var authority: String?
    public var title: String?
    public var name: String?

    public init(authority: String?, title: String?, name: String?) {
        self.authority = authority
        self.title = title
        self.name = name
    }

    enum CodingKeys: String, CodingKey { case authority, title, name }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(authority, forKey: .authority)
        try c.encode(title, forKey: .title)
        try c.encode(name, forKey: .name)
    }
}

public struct PlanTask: Codable, Equatable, Sendable {
    public var no: Int
    public var content: String
    public var product: String?
    public var lead: [String]
    public var coordinating: [String]
    public var timeframe: Timeframe
    public var notes: String?

    public init(no: Int, content: String, product: String? = nil, lead: [String], coordinating: [String],
                timeframe: Timeframe, notes: String? = nil) {
        self.no = no
        self.content = content
        self.product = product
        self.lead = lead
        self.coordinating = coordinating
        self.timeframe = timeframe
        self.notes = notes
    }

    enum CodingKeys: String, CodingKey { case no, content, product, lead, coordinating, timeframe, notes }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        no = try c.decode(Int.self, forKey: .no)
        content = try c.decodeIfPresent(String.self, forKey: .content) ?? ""
        product = try c.decodeIfPresent(String.self, forKey: .product)
        lead = try c.decodeIfPresent([String].self, forKey: .lead) ?? []
        coordinating = try c.decodeIfPresent([String].self, forKey: .coordinating) ?? []
        timeframe = try c.decode(Timeframe.self, forKey: .timeframe)
        notes = try c.decodeIfPresent(String.self, forKey: .notes)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(no, forKey: .no)
        try c.encode(content, forKey: .content)
        try c.encode(product, forKey: .product)
        try c.encode(lead, forKey: .lead)
        try c.encode(coordinating, forKey: .coordinating)
        try c.encode(timeframe, forKey: .timeframe)
        try c.encode(notes, forKey: .notes)
    }
}
