import Foundation

/// Sizes past which a request is refused with a 4xx before any handler sees it.
public struct RequestLimits: Sendable {
    /// Bytes of one path segment ("/units/<this>").
    public var pathSegment = 200
    /// Bytes of the whole target (path and query).
    public var target = 8 * 1024
    /// Bytes of all header names and values together.
    public var headers = 32 * 1024
    /// Characters of a search term.
    public var searchTerm = 100

    public init() {}
}
