import Foundation

/// A horizontal bar chart's geometry (SVG user units): one bar per row, scaled to the largest value, with its label
/// and the figure written at its end. A template draws it without arithmetic; the same rows make its table.
public struct BarChart: Equatable, Sendable, Encodable {
    public struct Bar: Equatable, Sendable, Encodable {
        public var label: String
        public var figure: String
        public var y: Double
        public var textY: Double
        public var width: Double
        public var figureX: Double
    }

    public static let labelWidth = 240.0
    public static let barArea = 420.0
    public static let rowHeight = 22.0

    public var bars: [Bar]
    /// Stored, not computed, so that templates (which see only encoded values) get them.
    public var width: Double
    public var height: Double

    /// `maximum`: the value of a full bar (100 for percentages); the largest value when nil.
    public init(_ rows: [(label: String, value: Double, figure: String)], maximum: Double? = nil) {
        let top = max(maximum ?? rows.map(\.value).max() ?? 0, 1)
        bars = rows.enumerated().map { index, row in
            let y = 3 + Double(index) * Self.rowHeight
            let width = max(0, min(row.value, top)) / top * Self.barArea
            let label = row.label.count > 34 ? String(row.label.prefix(33)) + "…" : row.label
            return Bar(label: label, figure: row.figure, y: y, textY: y + 14, width: width, figureX: Self.labelWidth + width + 6)
        }
        width = Self.labelWidth + Self.barArea + 70
        height = Double(max(rows.count, 1)) * Self.rowHeight + 6
    }
}
