import Foundation

/// The line form of a scoring rule, as the home-affairs office writes it in the app's editor. One criterion a line:
///
///     mã | tên | điểm tối đa | đo | cách chấm
///
/// - `mã`: the dotted number of the criterion (4, 4.1, 4.2.1, 4.2.1.a); a child comes after its parent.
/// - a line with three fields is a group: the sum of its children, capped at its maximum;
/// - `đo` (the measure): `hoàn thành kế hoạch`, `mục tiêu đạt`, `báo cáo đúng hạn`, `khảo sát đạt`,
///   `tham gia cuộc thi`, `hỏi đáp đúng hạn`, or `hoạt động` with `kênh: …` and/or `loại: …` lists (verified activities);
/// - `cách chấm`: steps (`từ 100%: 1; từ 90%: mục tiêu đạt × 1; còn lại: 0`), `tỷ lệ` (maximum × ratio),
///   `mỗi 0,05` (per record, up to the maximum), `có` / `có 3` (any of the listed, at least so many), `đủ` (each of).
/// Lines starting with `#` and empty lines are ignored. Errors come back by line, in Vietnamese.
public enum ScoringRuleText {
    public struct LineError: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { line > 0 ? "Dòng \(line): \(message)" : message }
    }

    public static let maxLines = 300
    public static let maxPoints: Decimal = 100

    /// Every line that is wrong, in line order.
    public struct Problems: Error, Sendable, Equatable {
        public let lines: [LineError]
    }

    public static func parse(_ text: String) -> Result<ScoringRule, Problems> {
        var errors: [LineError] = []
        var flat: [(code: [String], criterion: ScoringRule.Criterion)] = []
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count > maxLines { return .failure(Problems(lines: [LineError(line: 0, message: "Bộ tiêu chí dài quá \(maxLines) dòng.")])) }
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 3 || fields.count == 5 else {
                errors.append(.init(line: number, message: "cần 3 cột (mã | tên | điểm tối đa) cho một nhóm, hoặc 5 cột (mã | tên | điểm tối đa | đo | cách chấm) cho một tiêu chí được chấm; dòng này có \(fields.count) cột."))
                continue
            }
            let code = fields[0].trimmingCharacters(in: CharacterSet(charactersIn: "."))
            let parts = code.split(separator: ".").map(String.init)
            guard !parts.isEmpty, code.count <= 20, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber } }) else {
                errors.append(.init(line: number, message: "mã “\(fields[0])” không hợp lệ; viết như 4, 4.1, 4.2.1."))
                continue
            }
            guard !fields[1].isEmpty, fields[1].count <= 300 else {
                errors.append(.init(line: number, message: "thiếu tên tiêu chí (hoặc dài quá 300 ký tự)."))
                continue
            }
            guard let max = ScorePoints.parse(fields[2]), max > 0, max <= maxPoints else {
                errors.append(.init(line: number, message: "điểm tối đa “\(fields[2])” phải là một số lớn hơn 0, đến \(ScorePoints.text(maxPoints)), tối đa hai chữ số thập phân (ví dụ 0,25)."))
                continue
            }
            var leaf: ScoringRule.Leaf?
            if fields.count == 5 {
                switch ScoringRuleTerms.measure(fields[3]) {
                case .failure(let problem):
                    errors.append(.init(line: number, message: problem.message))
                    continue
                case .success(let measure):
                    switch ScoringRuleTerms.method(fields[4], measure: measure, max: max) {
                    case .failure(let problem):
                        errors.append(.init(line: number, message: problem.message))
                        continue
                    case .success(let method): leaf = .init(measure: measure, method: method)
                    }
                }
            }
            if flat.contains(where: { $0.code == parts }) {
                errors.append(.init(line: number, message: "mã \(code) đã có ở dòng trên."))
                continue
            }
            if parts.count > 1 {
                let parent = Array(parts.dropLast())
                guard let p = flat.last(where: { $0.code == parent }) else {
                    errors.append(.init(line: number, message: "mã \(code) cần mục cha \(parent.joined(separator: ".")) ở một dòng phía trên."))
                    continue
                }
                if p.criterion.leaf != nil {
                    errors.append(.init(line: number, message: "mục \(parent.joined(separator: ".")) đã có cách chấm riêng nên không có mục con; bỏ cột đo và cách chấm của nó để nó là một nhóm."))
                    continue
                }
            }
            flat.append((parts, .init(code: code, name: fields[1], maxPoints: max, leaf: leaf, line: number)))
        }
        if flat.isEmpty && errors.isEmpty { errors.append(.init(line: 0, message: "Bộ tiêu chí chưa có dòng nào (mã | tên | điểm tối đa | đo | cách chấm).")) }
        for group in flat where errors.isEmpty && group.criterion.leaf == nil && !flat.contains(where: { $0.code.count == group.code.count + 1 && Array($0.code.dropLast()) == group.code }) {
            errors.append(.init(line: group.criterion.line, message: "nhóm \(group.criterion.code) chưa có mục con nào; thêm mục con, hoặc thêm cột đo và cách chấm."))
        }
        guard errors.isEmpty else { return .failure(Problems(lines: errors.sorted { $0.line < $1.line })) }
        func children(of code: [String]) -> [ScoringRule.Criterion] {
            flat.filter { $0.code.count == code.count + 1 && Array($0.code.dropLast()) == code }.map { entry in
                var c = entry.criterion
                c.children = children(of: entry.code)
                return c
            }
        }
        let roots = Set(flat.map { $0.code.count }).min() ?? 1
        let top = flat.filter { $0.code.count == roots }.map { entry -> ScoringRule.Criterion in
            var c = entry.criterion
            c.children = children(of: entry.code)
            return c
        }
        let rootCodes = Set(flat.filter { $0.code.count == roots }.map { $0.code })
        if let stray = flat.first(where: { !rootCodes.contains(Array($0.code.prefix(roots))) }) {
            return .failure(Problems(lines: [LineError(line: stray.criterion.line, message: "mã \(stray.criterion.code) không nằm dưới tiêu chí gốc nào; mọi mục nằm dưới một tiêu chí gốc cùng cấp (ví dụ 4, rồi 4.1, 4.2).")]))
        }
        return .success(ScoringRule(criteria: top))
    }

    /// The rule shipped as an example: Đồng Nai, Xuân Lộc district, communes, 2022, criterion 4 (communication), 2 points.
    public static let dongNaiCommune2022 = """
        # Tiêu chí 4 — Công tác thông tin, tuyên truyền về cải cách hành chính (UBND cấp xã, Xuân Lộc, Đồng Nai, năm 2022)
        # mã | tên | điểm tối đa | đo | cách chấm
        4 | Công tác thông tin, tuyên truyền về cải cách hành chính | 2
        4.1 | Mức độ hoàn thành kế hoạch tuyên truyền cải cách hành chính | 1 | hoàn thành kế hoạch | từ 100%: 1; từ 90%: mục tiêu đạt × 1; còn lại: 0
        4.2 | Đa dạng hình thức tuyên truyền (mỗi hình thức có báo cáo và minh chứng) | 1
        4.2.1 | Hình thức trực tuyến | 0,5
        4.2.1.1 | Bảng điện tử, màn hình | 0,25 | hoạt động kênh: bảng điện tử | có
        4.2.1.2 | Trang thông tin điện tử, mạng xã hội | 0,25 | hoạt động kênh: trang thông tin, chuyên trang, mạng xã hội | có
        4.2.2 | Hình thức truyền thống (hội nghị, tờ rơi, pano …) | 0,5 | hoạt động loại: hội nghị, tập huấn, tờ rơi, pano, lưu động, đối thoại, hội thi | có
        """
}
