import Vapor
import Domain

/// The group form as posted. A group is either a rule over the tree under its anchor unit
/// (children or all descendants, of some kinds and levels) or a list of units named by code.
struct GroupForm: Content {
    var name: String?
    var anchorQuery: String?
    /// "rule" or "list".
    var type: String?
    var relation: String?
    var kinds: [String]?
    var levels: [String]?
    /// Unit codes, one per line (a list group).
    var members: String?
    var aliases: String?
    var validFrom: String?
    var validTo: String?

    struct Checked: Sendable {
        var name: String
        var isList: Bool
        var rule: GroupRule
        var memberCodes: [String]
        var aliases: [String]
        var validFrom: CalendarDate?
        var validTo: CalendarDate?
    }

    func validate(errors: inout FieldErrors) -> Checked? {
        let name = VietnameseText.clean(self.name ?? "")
        if name.isEmpty { errors.add("name", "Vui lòng nhập tên nhóm (ví dụ: UBND cấp xã).") }
        else if name.count > TextLimits.unitName { errors.add("name", "Tên nhóm tối đa \(TextLimits.unitName) ký tự.") }
        let isList = type == "list"
        let relation = GroupRule.Relation(rawValue: relation ?? "") ?? .children
        let kinds = (self.kinds ?? []).compactMap(UnitKind.init(rawValue:))
        let levels = (self.levels ?? []).compactMap(UnitLevel.init(rawValue:))
        let codes = (members ?? "").split(whereSeparator: { $0.isNewline || $0 == ";" || $0 == "," })
            .map { VietnameseText.clean(String($0)) }.filter { !$0.isEmpty }
        if isList && codes.isEmpty { errors.add("members", "Nhóm theo danh sách cần ít nhất một mã đơn vị (mỗi dòng một mã).") }
        if codes.count > 2_000 { errors.add("members", "Một nhóm tối đa 2.000 đơn vị.") }
        let aliases = (self.aliases ?? "").split(whereSeparator: { $0.isNewline || $0 == ";" })
            .map { VietnameseText.clean(String($0)) }.filter { !$0.isEmpty }
        if aliases.count > TextLimits.aliasesPerUnit { errors.add("aliases", "Tối đa \(TextLimits.aliasesPerUnit) tên gọi khác.") }
        else if aliases.contains(where: { $0.count > TextLimits.alias }) { errors.add("aliases", "Mỗi tên gọi khác tối đa \(TextLimits.alias) ký tự.") }
        let from = UnitForm.date(validFrom, field: "validFrom", errors: &errors)
        let to = UnitForm.date(validTo, field: "validTo", errors: &errors)
        if let from, let to, to < from { errors.add("validTo", "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.") }
        guard errors.isEmpty else { return nil }
        return Checked(name: name, isList: isList, rule: GroupRule(relation: relation, kinds: kinds, levels: levels),
                       memberCodes: codes, aliases: aliases, validFrom: from, validTo: to)
    }
}
