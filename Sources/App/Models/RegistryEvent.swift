import Fluent
import Vapor
import Domain

/// A change to the administrative tree decided by a legal act: units merged, split, renamed, moved, abolished or
/// founded on an effective date. Validity dates take the change at once (so the tree on any date is right, before and
/// after); what happens to live things (accounts, a unit's name and place) is applied on the effective date.
/// Until then the event can be undone.
final class RegistryEvent: Model, @unchecked Sendable {
    static let schema = "registry_events"

    enum Kind: String, Codable, CaseIterable, Sendable {
        case merge, split, rename, move, abolish, found

        var label: String {
            switch self {
            case .found: return "Thành lập"
            case .merge: return "Hợp nhất, sáp nhập"
            case .split: return "Chia tách"
            case .rename: return "Đổi tên"
            case .move: return "Chuyển đơn vị cấp trên"
            case .abolish: return "Giải thể"
            }
        }
    }

    enum State: String, Codable, Sendable {
        /// Recorded; its effective date has not come yet, so it can be undone.
        case pending
        /// In effect: accounts moved, names and places changed.
        case effective
        /// Cancelled before it took effect.
        case undone

        var label: String {
            switch self {
            case .pending: return "Chờ hiệu lực"
            case .effective: return "Đã có hiệu lực"
            case .undone: return "Đã hủy"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: Kind
    @Field(key: "state") var state: State
    @Field(key: "effective_on") var effectiveOn: CalendarDate
    /// The legal basis: "1668/NQ-UBTVQH15", its date, who issued it.
    @Field(key: "basis_number") var basisNumber: String
    @OptionalField(key: "basis_date") var basisDate: CalendarDate?
    @Field(key: "basis_issuer") var basisIssuer: String
    @OptionalField(key: "note") var note: String?
    /// The unit the event is mostly about (the successor of a merge, the unit split, renamed, moved or abolished).
    @OptionalParent(key: "unit_id") var unit: Unit?
    /// What the event did, so it can be shown, applied and undone (`RegistryEventDetails` as JSON).
    @Field(key: "details") var detailsJSON: String
    @Field(key: "summary") var summary: String
    @OptionalField(key: "recorded_by") var recordedBy: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "applied_at") var appliedAt: Date?

    init() {}

    init(kind: Kind, effectiveOn: CalendarDate, basis: RegistryEventDetails.Basis, unitID: UUID?, details: RegistryEventDetails,
         summary: String, recordedBy: String?) {
        self.id = UUID()
        self.kind = kind
        self.state = .pending
        self.effectiveOn = effectiveOn
        self.basisNumber = basis.number
        self.basisDate = basis.date
        self.basisIssuer = basis.issuer
        self.note = basis.note
        self.$unit.id = unitID
        self.details = details
        self.summary = summary
        self.recordedBy = recordedBy
    }

    var details: RegistryEventDetails {
        get { (try? JSONDecoder().decode(RegistryEventDetails.self, from: Data(detailsJSON.utf8))) ?? RegistryEventDetails() }
        set { detailsJSON = (try? String(decoding: JSONEncoder().encode(newValue), as: UTF8.self)) ?? "{}" }
    }

    /// "Nghị quyết số 1668/NQ-UBTVQH15 ngày 16/06/2025 của Ủy ban Thường vụ Quốc hội".
    var basisText: String {
        var text = "Số \(basisNumber)"
        if let basisDate { text += " ngày \(basisDate.display)" }
        if !basisIssuer.isEmpty { text += " của \(basisIssuer)" }
        return text
    }
}

/// What a registry event did, in enough detail to show it, apply it on its date and undo it before then.
struct RegistryEventDetails: Codable, Sendable, Equatable {
    struct Basis: Sendable, Equatable {
        var number: String
        var date: CalendarDate?
        var issuer: String
        var note: String?
    }

    struct Retired: Codable, Sendable, Equatable {
        var unitID: UUID
        /// The valid-to date the unit had before the event (restored by undo).
        var previousValidTo: CalendarDate?
        /// Retired because an ancestor was, not named by the event itself.
        var withParent: Bool
    }

    struct Rename: Codable, Sendable, Equatable {
        var unitID: UUID
        var fromName: String
        var fromShortName: String?
        var toName: String
        var toShortName: String?
    }

    struct Move: Codable, Sendable, Equatable {
        var unitID: UUID
        var fromParentID: UUID?
        var toParentID: UUID
    }

    struct AccountChange: Codable, Sendable, Equatable {
        var userID: UUID
        var username: String
        var fromUnitID: UUID
        /// The unit the account was moved to; nil when it was deactivated.
        var toUnitID: UUID?
    }

    /// The units before (predecessors) and after (successors).
    var sources: [UUID] = []
    var targets: [UUID] = []
    /// Units the event created (valid from the effective date).
    var created: [UUID] = []
    var retired: [Retired] = []
    var rename: Rename?
    var move: Move?
    /// Where the accounts of retired units go; when nil, to the one successor, or deactivated when there are several.
    var accountsTo: UUID?
    /// Filled when the event takes effect.
    var accounts: [AccountChange] = []
}
