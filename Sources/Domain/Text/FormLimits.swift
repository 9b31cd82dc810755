import Foundation

/// The largest figures and dates the forms accept: as large as reality gets, small enough that sums over a country's
/// records stay far inside 64 bits.
public enum FormLimits {
    /// People one activity reaches: the country's population.
    public static let activityReach: Int64 = 100_000_000
    /// Đồng one activity costs: 100 tỷ, far above any communication event.
    public static let activityCost: Int64 = 100_000_000_000
    /// Đồng of one budget estimate line: 10.000 tỷ.
    public static let budgetLine: Int64 = 10_000_000_000_000
    /// Years a date in a form may have.
    public static let years = 1945...2100

    /// A whole number typed with thousands separators ("1.200", "1 500 000"): nil when it is not one or is above `max`;
    /// `.some(nil)` when the field is empty.
    public static func amount(_ text: String?, max: Int64) -> Int64?? {
        let digits = (text ?? "").filter { !$0.isWhitespace && $0 != "." && $0 != "," }
        if digits.isEmpty { return .some(nil) }
        guard digits.count <= 19, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(digits), value <= max else { return nil }
        return .some(value)
    }
}
