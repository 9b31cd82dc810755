import Foundation

/// Who an entrant says they are, normalised so that one person is one person however they typed it: the citizen
/// identity number (CCCD, 12 digits) without spaces or dots, a phone number in its national form (0 and 9 or 10
/// digits, from "+84 912 345 678", "84912345678", "0912.345.678"), an e-mail address in lower case.
public struct ContestIdentity: Sendable, Equatable {
    /// What a contest may ask beside the name (Hải Phòng asks CCCD, e-mail, phone and the work unit; others the
    /// address or the year of birth). An entrant who leaves one out may still enter, but is not eligible for a prize.
    public enum Field: String, Codable, Sendable, CaseIterable {
        case citizenID = "cccd", phone, email, unit, address, birthYear = "birth_year"

        public var label: String {
            switch self {
            case .citizenID: return "số CCCD"
            case .phone: return "số điện thoại"
            case .email: return "thư điện tử"
            case .unit: return "đơn vị công tác"
            case .address: return "địa chỉ"
            case .birthYear: return "năm sinh"
            }
        }

        /// What contests asked before the organiser chose: the three identity numbers.
        public static let usual: [Field] = [.citizenID, .phone, .email]
    }

    public var name: String
    public var citizenID: String?
    public var phone: String?
    public var email: String?
    public var address: String?
    public var birthYear: Int?

    public init(name: String, citizenID: String? = nil, phone: String? = nil, email: String? = nil, address: String? = nil,
                birthYear: String? = nil, thisYear: Int = 2100) {
        self.name = VietnameseText.clean(name)
        self.citizenID = citizenID.flatMap(Self.citizenID)
        self.phone = phone.flatMap(Self.phone)
        self.email = email.flatMap(Self.email)
        self.address = address.map(VietnameseText.clean).flatMap { $0.isEmpty ? nil : String($0.prefix(300)) }
        self.birthYear = birthYear.flatMap { Self.birthYear($0, thisYear: thisYear) }
    }

    /// The asked fields this identity leaves out (`hasUnit`: the entrant picked a work unit).
    public func missing(_ asked: [Field], hasUnit: Bool) -> [Field] {
        asked.filter { field in
            switch field {
            case .citizenID: return citizenID == nil
            case .phone: return phone == nil
            case .email: return email == nil
            case .unit: return !hasUnit
            case .address: return address == nil
            case .birthYear: return birthYear == nil
            }
        }
    }

    /// A four-digit year an entrant could be born in: from 1900 to ten years ago.
    public static func birthYear(_ text: String, thisYear: Int) -> Int? {
        let digits = text.trimmingCharacters(in: .whitespaces)
        guard digits.count == 4, let year = Int(digits), year >= 1900, year <= thisYear - 10 else { return nil }
        return year
    }

    /// The key "one attempt per person" is kept by: the CCCD when given, else the phone, else the e-mail.
    public var key: String? {
        if let citizenID { return "cccd:" + citizenID }
        if let phone { return "tel:" + phone }
        if let email { return "mail:" + email }
        return nil
    }

    /// Twelve digits once spaces, dots and dashes are taken out; anything else is not a CCCD number.
    public static func citizenID(_ text: String) -> String? {
        let digits = text.filter { !" .-".contains($0) }
        guard digits.count == 12, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return digits
    }

    /// The national form of a Vietnamese phone number: "0" and 9 digits (mobile) or 10 digits (landline).
    public static func phone(_ text: String) -> String? {
        var digits = text.filter { !" .-()".contains($0) }
        if digits.hasPrefix("+84") { digits = "0" + digits.dropFirst(3) }
        else if digits.hasPrefix("0084") { digits = "0" + digits.dropFirst(4) }
        else if digits.hasPrefix("84"), digits.count == 11 || digits.count == 12 { digits = "0" + digits.dropFirst(2) }
        guard digits.hasPrefix("0"), digits.count == 10 || digits.count == 11, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return digits
    }

    /// Lower case, trimmed; one "@" with something on both sides and a dot in the domain.
    public static func email(_ text: String) -> String? {
        let address = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard address.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !address.contains(where: { $0.isWhitespace }) else { return nil }
        return address
    }
}
