import Domain
import Fluent
import Vapor

/// A record a route names in its path (`/surveys/:surveyID`, `/reports/:unitID/:year/:period`), loaded with what the
/// access decision reads.
protocol RouteRecord: Sendable {
    /// The 404 message when the path names no such record.
    static var missing: String { get }
    static func load(from request: Request) async throws -> Self?
}

/// A record named by one id parameter.
protocol IdentifiedRouteRecord: RouteRecord {
    /// The path parameter that holds its id.
    static var parameter: String { get }
    static func load(_ id: UUID, on db: any Database) async throws -> Self?
}

extension IdentifiedRouteRecord {
    static func load(from request: Request) async throws -> Self? {
        guard let id = request.parameters.get(parameter, as: UUID.self) else { return nil }
        return try await load(id, on: request.db)
    }
}

/// What a route needs the viewer to be allowed on the record it names: a named capability beside the access rule
/// (`.read`, `.edit`, `.manage` on a unit's records, `.author` of a plan …).
struct Need<Record>: Sendable {
    let allows: @Sendable (Viewer, Record) -> Bool
}

/// A record that belongs to one unit, loaded with it: the three unit accesses apply to it directly.
protocol UnitRecord: IdentifiedRouteRecord {
    var ownerUnit: Unit { get }
}

extension Need {
    /// Any signed-in account (the registry is open to every office).
    static var signedIn: Need { Need { _, _ in true } }
}

extension Need where Record == Unit {
    /// Retire or move the unit (`Viewer.mayRetireOrMove`).
    static var retire: Need { Need { $0.mayRetireOrMove($1) } }
}

extension Need where Record: UnitRecord {
    static var read: Need { Need { $0.may(.read, $1.ownerUnit) } }
    static var edit: Need { Need { $0.may(.edit, $1.ownerUnit) } }
    static var manage: Need { Need { $0.may(.manage, $1.ownerUnit) } }
}

extension RoutesBuilder {
    /// Registers `handler` for `route` with the signed-in viewer (401 without one: the HTML layer sends to the login page).
    @discardableResult
    func on<Response: AsyncResponseEncodable>(_ route: SiteRoute,
                                              use handler: @escaping @Sendable (Request, Viewer) async throws -> Response) -> Route {
        on(route) { req in try await handler(req, try req.requireViewer()) }
    }

    /// Registers `handler` for `route` with the signed-in viewer, when it has `capability` (`\.managesRegistry`), else 403.
    @discardableResult
    func on<Response: AsyncResponseEncodable>(_ route: SiteRoute, require capability: @escaping @Sendable (Viewer) -> Bool,
                                              use handler: @escaping @Sendable (Request, Viewer) async throws -> Response) -> Route {
        on(route) { req in
            let viewer = try req.requireViewer()
            guard capability(viewer) else { throw AppError.forbidden }
            return try await handler(req, viewer)
        }
    }

    /// Registers `handler` for `route` with the signed-in viewer and the record the path names, already authorised:
    /// no such record → 404, not allowed → 403, both decided here once.
    @discardableResult
    func on<Record: RouteRecord, Response: AsyncResponseEncodable>(
        _ route: SiteRoute, load: Record.Type, need: Need<Record>, maxBody: ByteCount? = nil,
        use handler: @escaping @Sendable (Request, Viewer, Record) async throws -> Response
    ) -> Route {
        let guarded: @Sendable (Request) async throws -> Response = { req in
            let viewer = try req.requireViewer()
            let record = try await req.record(Record.self)
            guard need.allows(viewer, record) else { throw AppError.forbidden }
            return try await handler(req, viewer, record)
        }
        if let maxBody { return on(route, maxBody: maxBody, use: guarded) }
        return on(route, use: guarded)
    }
}

extension Request {
    /// The record the path names, or 404.
    func record<Record: RouteRecord>(_ type: Record.Type) async throws -> Record {
        guard let record = try await Record.load(from: self) else { throw AppError.notFound(Record.missing) }
        return record
    }
}

// MARK: The records routes name

extension Survey: UnitRecord {
    static let parameter = "surveyID"
    static let missing = "Không tìm thấy đợt khảo sát."
    static func load(_ id: UUID, on db: any Database) async throws -> Survey? {
        try await Survey.query(on: db).filter(\.$id == id).with(\.$unit).first()
    }
    var ownerUnit: Unit { unit }
}

extension Need where Record == Contest {
    /// Send the viewer's unit's entry to a creative round: a unit under the organiser (`ContestService.mayEnter`).
    static var enter: Need { Need { ContestService.mayEnter($0, $1) } }
    /// The entries page: a unit that may enter, or whoever may read the organiser's records.
    static var enterOrRead: Need { Need { ContestService.mayEnter($0, $1) || $0.may(.read, $1.unit) } }
}

extension Contest: UnitRecord {
    static let parameter = "contestID"
    static let missing = "Không tìm thấy cuộc thi."
    static func load(_ id: UUID, on db: any Database) async throws -> Contest? {
        try await Contest.query(on: db).filter(\.$id == id).with(\.$unit).first()
    }
    var ownerUnit: Unit { unit }
}

extension Unit: UnitRecord {
    static let parameter = "unitID"
    static let missing = "Không tìm thấy đơn vị."
    static func load(_ id: UUID, on db: any Database) async throws -> Unit? { try await Unit.find(id, on: db) }
    var ownerUnit: Unit { self }
}

extension UnitGroup: UnitRecord {
    static let parameter = "groupID"
    static let missing = "Không tìm thấy nhóm đơn vị."
    static func load(_ id: UUID, on db: any Database) async throws -> UnitGroup? {
        try await UnitGroup.query(on: db).filter(\.$id == id).with(\.$anchor).with(\.$aliases).first()
    }
    /// A group is managed by whoever manages the unit it hangs on.
    var ownerUnit: Unit { anchor }
}

extension User: UnitRecord {
    static let parameter = "userID"
    static let missing = "Không tìm thấy tài khoản."
    static func load(_ id: UUID, on db: any Database) async throws -> User? {
        try await User.query(on: db).filter(\.$id == id).with(\.$unit).first()
    }
    var ownerUnit: Unit { unit }
}

extension Need where Record == User {
    /// Change the account (`Viewer.mayManage(account:of:)`): its unit is managed, and only administrators touch administrators.
    static var manageAccount: Need { Need { $0.mayManage(account: $1, of: $1.unit) } }
}

extension Assignment: IdentifiedRouteRecord {
    static let parameter = "assignmentID"
    static let missing = "Không tìm thấy phân công."
    static func load(_ id: UUID, on db: any Database) async throws -> Assignment? {
        try await Assignment.query(on: db).filter(\.$id == id).with(\.$unit).with(\.$plan) { $0.with(\.$unit) }.first()
    }
}

extension Need where Record == Assignment {
    /// See the assignment and its work: the assigned unit's readers and the issuing unit's.
    static var read: Need { Need { $0.may(.read, $1.unit) || $0.may(.read, $1.plan.unit) } }
    /// Record work on it, mark it done: whoever edits the assigned unit's records.
    static var edit: Need { Need { $0.may(.edit, $1.unit) } }
    /// Cancel it: the plan's authors.
    static var cancel: Need { Need { $0.mayAuthor(planOf: $1.plan.unit) } }
}

extension Plan: IdentifiedRouteRecord {
    static let parameter = "planID"
    static let missing = "Không tìm thấy kế hoạch."
    static func load(_ id: UUID, on db: any Database) async throws -> Plan? {
        try await Plan.query(on: db).filter(\.$id == id).with(\.$unit).first()
    }
}

extension Need where Record == Plan {
    /// Read the plan (`Viewer.mayRead(planOf:)`).
    static var read: Need { Need { $0.mayRead(planOf: $1.unit) } }
    /// Write, issue or amend it (`Viewer.mayAuthor(planOf:)`).
    static var author: Need { Need { $0.mayAuthor(planOf: $1.unit) } }
}

/// One unit's report for one period (`/reports/:unitID/:year/:period`), whether or not it has been started.
struct ReportSlot: RouteRecord {
    let unit: Unit
    let year: Int
    let period: ReportPeriod

    static let missing = "Không tìm thấy báo cáo này."
    static func load(from request: Request) async throws -> ReportSlot? {
        guard let unitID = request.parameters.get("unitID", as: UUID.self), let year = request.parameters.get("year", as: Int.self),
              (2000...2100).contains(year), let period = request.parameters.get("period").flatMap(ReportPeriod.init(rawValue:)),
              let unit = try await Unit.find(unitID, on: request.db) else { return nil }
        return ReportSlot(unit: unit, year: year, period: period)
    }
}

extension Need where Record == ReportSlot {
    static var read: Need { Need { $0.may(.read, $1.unit) } }
    static var edit: Need { Need { $0.may(.edit, $1.unit) } }
    /// Return, accept or reopen it (`Viewer.mayReview(reportsOf:)`).
    static var review: Need { Need { $0.mayReview(reportsOf: $1.unit) } }
}
