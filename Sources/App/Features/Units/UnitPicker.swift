import Fluent
import Vapor
import Domain

/// Choosing a unit in a form by typing its code or name, instead of scrolling a list of the whole
/// registry. Works without JavaScript: an exact code or a single match is taken; several matches come
/// back as choices to tick.
enum UnitPicker {
    enum Outcome {
        case none
        case unit(Unit)
        case choose([Unit])
        case notFound
    }

    /// Resolves an explicit id (a ticked choice) or a typed code or name, among the units `scope` allows and, with
    /// `date`, among those valid on that day (a typed name means the unit of that time).
    static func resolve(id: String?, query: String?, allowed: (Unit) -> Bool, date: CalendarDate?, on db: any Database) async throws -> Outcome {
        if let id = id?.trimmingCharacters(in: .whitespaces), !id.isEmpty {
            guard let uuid = UUID(uuidString: id), let unit = try await Unit.find(uuid, on: db) else { return .notFound }
            return .unit(unit)
        }
        let text = String((query ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(LikePattern.maxTermLength))
        guard !text.isEmpty else { return .none }
        let exactCode = try await Unit.query(on: db).filter(.sql(like: "code", LikePattern.escaped(text.uppercased()), upper: true)).first()
        if let exactCode { return .unit(exactCode) }
        let found = try await UnitService.search(text, on: db, date: date, limit: 60).units.filter(allowed)
        let key = VietnameseText.fold(text)
        let exactName = found.filter { VietnameseText.fold($0.name) == key }
        if exactName.count == 1, let only = exactName.first { return .unit(only) }
        switch found.count {
        case 0: return .notFound
        case 1: return .unit(found[0])
        default: return .choose(Array(found.prefix(20)))
        }
    }

    /// What a form does with an outcome: the id to keep, or the message for the field and the choices to show.
    struct Decision {
        var id: String?
        var error: String?
        var choices: [Unit] = []
    }

    /// `what` names the field in messages ("đơn vị cấp trên"); `required`: an empty field is an error too.
    static func decide(_ outcome: Outcome, typed: String?, what: String, required: Bool) -> Decision {
        let typed = typed ?? ""
        switch outcome {
        case .unit(let unit): return Decision(id: unit.id?.uuidString)
        case .none: return Decision(id: nil, error: required ? "Vui lòng nhập mã hoặc tên \(what)." : nil)
        case .notFound:
            return Decision(id: nil, error: "Không tìm thấy \(what) \"\(typed)\" trong phạm vi bạn quản lý. Hãy nhập mã hoặc tên khác.")
        case .choose(let units):
            return Decision(id: nil, error: "Có nhiều đơn vị khớp với \"\(typed)\". Hãy chọn một đơn vị bên dưới rồi lưu lại.", choices: units)
        }
    }

    static func choices(_ units: [Unit]) -> [SelectOption] {
        units.map { SelectOption(value: $0.id?.uuidString ?? "", label: "\($0.name) (\($0.code))", selected: false) }
    }
}
