import Foundation

/// Arithmetic on figures that people type or files carry (reach, cost, counts): at the nearest bound instead of a trap
/// when the true result does not fit, so that no figure anyone can set stops the server.
extension FixedWidthInteger {
    public func addingSaturated(_ other: Self) -> Self {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    public func multipliedSaturated(by other: Self) -> Self {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? ((self < 0) == (other < 0) ? .max : .min) : product
    }

    /// A database sum read as a double (sums are taken in floating point so that neither database can overflow on
    /// them): the integer, at the nearest bound when out of range.
    public init(saturating value: Double) {
        if value.isNaN { self = 0 }
        else if value >= Double(Self.max) { self = .max }
        else if value <= Double(Self.min) { self = .min }
        else { self = Self(value.rounded()) }
    }
}

extension Sequence {
    /// The sum of `value` over the elements, saturated.
    public func saturatedSum<T: FixedWidthInteger>(_ value: (Element) -> T) -> T {
        reduce(0) { $0.addingSaturated(value($1)) }
    }
}
