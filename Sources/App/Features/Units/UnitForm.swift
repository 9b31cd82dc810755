import Vapor
import Domain

/// The unit form as posted; everything optional so that bad input re-renders with field errors.
struct UnitForm: Content {
    var code: String?
    var name: String?
    var shortName: String?
    var kind: String?
    var level: String?
    var parentID: String?
    /// The parent typed as a code or name (the picker); `parentID` wins when a choice was ticked.
    var parentQuery: String?
    var aliases: String?
    var validFrom: String?
    var validTo: String?

    init(code: String? = nil, name: String? = nil, shortName: String? = nil, kind: String? = nil, level: String? = nil,
         parentID: String? = nil, parentQuery: String? = nil, aliases: String? = nil, validFrom: String? = nil, validTo: String? = nil) {
        self.code = code
        self.name = name
        self.shortName = shortName
        self.kind = kind
        self.level = level
        self.parentID = parentID
        self.parentQuery = parentQuery
        self.aliases = aliases
        self.validFrom = validFrom
        self.validTo = validTo
    }

    init(_ dto: UnitDTO) {
        self.init(code: dto.code, name: dto.name, shortName: dto.shortName, kind: dto.kind, level: dto.level,
                  parentID: dto.parentID?.uuidString, aliases: dto.aliases.joined(separator: "\n"),
                  validFrom: dto.validFrom.flatMap(CalendarDate.init)?.display,
                  validTo: dto.validTo.flatMap(CalendarDate.init)?.display)
    }

    /// Validates into a `UnitInput` or the field errors to show.
    func validate() -> Result<UnitInput, FieldErrorsBox> {
        var errors = FieldErrors()
        let code = VietnameseText.clean(self.code ?? "")
        let name = VietnameseText.clean(self.name ?? "")
        if code.isEmpty { errors.add("code", "Vui lòng nhập mã đơn vị.") }
        else if code.count > TextLimits.code { errors.add("code", "Mã đơn vị tối đa \(TextLimits.code) ký tự.") }
        else if code.contains(where: { $0.isWhitespace }) { errors.add("code", "Mã đơn vị không được chứa khoảng trắng.") }
        if name.isEmpty { errors.add("name", "Vui lòng nhập tên chính thức của đơn vị.") }
        else if name.count > TextLimits.unitName { errors.add("name", "Tên đơn vị tối đa \(TextLimits.unitName) ký tự.") }
        let kind = UnitKind(rawValue: self.kind ?? "")
        if kind == nil { errors.add("kind", "Vui lòng chọn loại đơn vị.") }
        let level = UnitLevel(rawValue: self.level ?? "")
        if level == nil { errors.add("level", "Vui lòng chọn cấp hành chính.") }
        var parentID: UUID?
        if let p = self.parentID, !p.isEmpty {
            parentID = UUID(uuidString: p)
            if parentID == nil { errors.add("parentID", "Đơn vị cấp trên không hợp lệ.") }
        }
        let from = Self.date(validFrom, field: "validFrom", errors: &errors)
        let to = Self.date(validTo, field: "validTo", errors: &errors)
        if let from, let to, to < from { errors.add("validTo", "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.") }
        // One per line: browsers send CRLF, which Swift reads as one Character, so split on any newline.
        let aliases = (self.aliases ?? "").split(whereSeparator: { $0.isNewline || $0 == ";" })
            .map { VietnameseText.clean(String($0)) }.filter { !$0.isEmpty }
        if aliases.count > TextLimits.aliasesPerUnit {
            errors.add("aliases", "Tối đa \(TextLimits.aliasesPerUnit) tên gọi khác cho một đơn vị (đã nhập \(aliases.count)).")
        } else if aliases.contains(where: { $0.count > TextLimits.alias }) {
            errors.add("aliases", "Mỗi tên gọi khác tối đa \(TextLimits.alias) ký tự.")
        }
        let shortName = VietnameseText.clean(self.shortName ?? "")
        if shortName.count > TextLimits.shortName { errors.add("shortName", "Tên viết tắt tối đa \(TextLimits.shortName) ký tự.") }
        guard errors.isEmpty, let kind, let level else { return .failure(FieldErrorsBox(errors)) }
        return .success(UnitInput(code: code, name: name, shortName: shortName.isEmpty ? nil : shortName, kind: kind,
                                  level: level, parentID: parentID, aliases: aliases, validFrom: from, validTo: to))
    }

    static func date(_ text: String?, field: String, errors: inout FieldErrors) -> CalendarDate? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let d = UnitCSVImport.parseDate(text) else {
            errors.add(field, "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.")
            return nil
        }
        guard FormLimits.years.contains(d.year) else {
            errors.add(field, "Năm phải từ \(FormLimits.years.lowerBound) đến \(FormLimits.years.upperBound).")
            return nil
        }
        return d
    }
}
