import Foundation

/// A unit's staff count on a date ("số biên chế", or the number of people a contest's participation rate divides by),
/// read from a CSV file: `ma, bien_che, ngay` (also `ma_don_vi`, `so_bien_che` / `so_nguoi` / `so_can_bo`,
/// `tinh_den_ngay` / `ngay_hieu_luc`; English `code, staff, as_of`). Every problem is told with its line.
public struct StaffCountRow: Sendable, Equatable {
    public var line: Int
    public var code: String
    public var staff: Int
    public var asOf: CalendarDate
}

public enum StaffCountCSV {
    public static let maxStaff = 1_000_000

    static let columns: [String: [String]] = [
        "code": ["code", "ma", "ma don vi"],
        "staff": ["staff", "bien che", "so bien che", "so nguoi", "so can bo", "tong so"],
        "as_of": ["as of", "ngay", "tinh den ngay", "ngay hieu luc", "hieu luc tu"],
    ]

    /// The count typed in a form or a cell: digits, with "." or " " between thousands.
    public static func staff(_ text: String) -> Int? {
        let digits = text.trimmingCharacters(in: .whitespaces).filter { !" .,".contains($0) }
        guard !digits.isEmpty, digits.count <= 7, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits), n <= maxStaff else { return nil }
        return n
    }

    public static func read(_ text: String) -> (rows: [StaffCountRow], errors: [UnitImportError]) {
        let records = CSVReader.records(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        guard let header = records.first else { return ([], [UnitImportError(line: 1, message: "Tệp trống, không có dòng tiêu đề.")]) }
        let index = CSVReader.columns(of: header, named: columns)
        let missing = [("code", "ma"), ("staff", "bien_che"), ("as_of", "ngay")].filter { index[$0.0] == nil }
        guard missing.isEmpty else {
            return ([], missing.map { UnitImportError(line: header.line, message: "Thiếu cột bắt buộc \"\($0.1)\".") })
        }
        guard records.count - 1 <= TextLimits.csvRows else {
            return ([], [UnitImportError(line: header.line, message: "Tệp có \(records.count - 1) dòng, quá giới hạn \(TextLimits.csvRows) dòng mỗi lần nhập.")])
        }
        var rows: [StaffCountRow] = []
        var errors: [UnitImportError] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            func value(_ key: String) -> String {
                guard let i = index[key], i < record.fields.count else { return "" }
                return VietnameseText.clean(record.fields[i])
            }
            let code = value("code")
            if code.isEmpty && value("staff").isEmpty && value("as_of").isEmpty { continue }
            func fail(_ message: String) { errors.append(UnitImportError(line: record.line, message: message)) }
            guard !code.isEmpty else { fail("thiếu mã đơn vị."); continue }
            guard let staff = staff(value("staff")) else { fail("số biên chế \"\(value("staff").prefix(20))\" không phải số từ 0 đến \(maxStaff)."); continue }
            guard let date = UnitCSVImport.parseDate(value("as_of")) else { fail("ngày \"\(value("as_of").prefix(20))\" không đúng dạng ngày/tháng/năm."); continue }
            let key = code.uppercased() + "|" + date.description
            if let first = seen[key] { fail("trùng đơn vị \(code) và ngày với dòng \(first)."); continue }
            seen[key] = record.line
            rows.append(StaffCountRow(line: record.line, code: code, staff: staff, asOf: date))
        }
        if rows.isEmpty && errors.isEmpty { errors.append(UnitImportError(line: header.line, message: "Tệp không có dòng số liệu nào dưới tiêu đề.")) }
        return (rows, errors)
    }

    /// The count in force on `date`: the latest dated on or before it.
    public static func inForce<T>(_ counts: [(asOf: CalendarDate, value: T)], on date: CalendarDate) -> T? {
        counts.filter { $0.asOf <= date }.max { $0.asOf < $1.asOf }?.value
    }
}

/// The collective ranking of a contest, per block of units: participation rate (distinct entrants of the unit ÷ its
/// staff count on the round's opening day), then mean score. A unit without a staff count is listed without a rate,
/// after those with one.
public enum ContestCollective {
    public enum Block: String, CaseIterable, Sendable {
        case agencies, publicService, communes, other

        public var label: String {
            switch self {
            case .agencies: return "Cơ quan hành chính"
            case .publicService: return "Đơn vị sự nghiệp"
            case .communes: return "UBND cấp xã"
            case .other: return "Đơn vị khác"
            }
        }

        public static func of(kind: UnitKind, level: UnitLevel) -> Block {
            switch kind {
            case .committee where level == .commune: return .communes
            case .committee, .department, .office, .centralBranch: return .agencies
            case .publicService: return .publicService
            default: return .other
            }
        }
    }

    public struct UnitFigures: Sendable, Equatable {
        public let unit: UUID
        public let block: Block
        public let entrants: Int
        public let staff: Int?
        /// Each entrant's best score as a fraction of their questions.
        public let scores: [Double]

        public init(unit: UUID, block: Block, entrants: Int, staff: Int?, scores: [Double]) {
            self.unit = unit
            self.block = block
            self.entrants = entrants
            self.staff = staff
            self.scores = scores
        }

        /// Entrants ÷ staff, at most 1 (a count older than the unit's growth); nil without a positive count.
        public var rate: Double? { staff.flatMap { $0 > 0 ? min(1, Double(entrants) / Double($0)) : nil } }
        public var meanScore: Double { scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count) }
        /// "2,12%" as the organisers' reports write it; "—" without a staff count.
        public var rateText: String { rate.map { String(format: "%.2f", $0 * 100).replacingOccurrences(of: ".", with: ",") + "%" } ?? "—" }
        /// The mean share of right answers, "82,5%"; "—" without entrants.
        public var meanText: String { scores.isEmpty ? "—" : String(format: "%.1f", meanScore * 100).replacingOccurrences(of: ".", with: ",") + "%" }
    }

    public struct Ranked: Sendable, Equatable {
        public let figures: UnitFigures
        public let rank: Int
    }

    /// Each block's units ranked: rate first (a unit without one last), then mean score; equal on both, equal rank.
    public static func rank(_ units: [UnitFigures]) -> [Block: [Ranked]] {
        var result: [Block: [Ranked]] = [:]
        for (block, members) in Dictionary(grouping: units, by: \.block) {
            func key(_ u: UnitFigures) -> (Double, Double) { (-(u.rate ?? -1), -u.meanScore) }
            let sorted = members.sorted { key($0) != key($1) ? key($0) < key($1) : $0.unit.uuidString < $1.unit.uuidString }
            var ranked: [Ranked] = []
            for (i, u) in sorted.enumerated() {
                let rank = i > 0 && key(sorted[i - 1]) == key(u) ? ranked[i - 1].rank : i + 1
                ranked.append(Ranked(figures: u, rank: rank))
            }
            result[block] = ranked
        }
        return result
    }
}
