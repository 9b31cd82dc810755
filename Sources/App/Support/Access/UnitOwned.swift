import Fluent
import FluentSQL
import SQLKit
import Vapor

/// A record that belongs to one unit: every query for such records goes through `visible(to:)`.
protocol UnitOwned: Model {
    /// The column that holds the owning unit's id.
    static var ownerUnitColumn: String { get }
}
