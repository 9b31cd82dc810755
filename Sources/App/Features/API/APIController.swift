import Fluent
import Vapor
import Domain

/// JSON API under /api/v1, bearer-token authenticated. Described by `OpenAPIDocument`.
struct APIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.apiDescription, use: openapi)
        let secured = routes.grouped(APITokenMiddleware())
        secured.on(.apiMe, use: me)
        secured.on(.apiUnits, use: units)
        secured.on(.apiUnit, load: Unit.self, need: .signedIn, use: unit)
        secured.on(.apiUnitChildren, load: Unit.self, need: .signedIn, use: children)
        secured.on(.apiGroupMembers, load: UnitGroup.self, need: .signedIn, use: groupMembers)
    }

    struct MeDTO: Content {
        let user: UserDTO
        let unit: UnitDTO
    }

    struct UnitList: Content {
        let items: [UnitAPIDTO]
        /// The day the list is as of (yyyy-mm-dd); absent for lists that do not depend on one.
        let date: CalendarDate?
    }

    @Sendable func openapi(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(string: OpenAPIDocument.json))
        response.headers.contentType = .json
        return response
    }

    @Sendable func me(req: Request, viewer: Viewer) async throws -> MeDTO {
        return MeDTO(user: UserDTO(viewer.user), unit: try await UnitService.dto(viewer.unit, on: req.db))
    }

    /// The units valid on `date` (default today), matching `q` when given.
    @Sendable func units(req: Request, viewer: Viewer) async throws -> UnitList {
        let date = try req.registryDate()
        let q = (try? req.query.get(String.self, at: "q")) ?? ""
        let found: [Unit]
        if q.trimmingCharacters(in: .whitespaces).isEmpty {
            found = try await Unit.query(on: req.db).valid(on: date).sort(\.$name).limit(1000).all()
        } else {
            found = try await UnitService.search(q, on: req.db, date: date, limit: 200).units
        }
        return UnitList(items: try await list(found, viewer: viewer, on: req.db), date: date)
    }

    /// One unit with its validity, predecessors and successors (each with the event that links them).
    @Sendable func unit(req: Request, viewer: Viewer, unit: Unit) async throws -> UnitAPIDTO {
        let lineage = try await UnitLineage.links(of: try unit.requireID(), on: req.db)
        return UnitAPIDTO(UnitDTO(unit, aliases: try await UnitService.aliases(of: try unit.requireID(), on: req.db), contact: viewer.may(.read, unit)),
                          predecessors: lineage.predecessors, successors: lineage.successors)
    }

    /// The units directly under one unit on `date` (default today).
    @Sendable func children(req: Request, viewer: Viewer, unit: Unit) async throws -> UnitList {
        let date = try req.registryDate()
        let found = try await Unit.query(on: req.db).children(of: try unit.requireID(), on: date).valid(on: date)
            .sort(\.$kind).sort(\.$name).all()
        return UnitList(items: try await list(found, viewer: viewer, on: req.db), date: date)
    }

    /// Units with their aliases (one query), contact details only where the viewer may read the unit's records.
    private func list(_ units: [Unit], viewer: Viewer, on db: any Database) async throws -> [UnitAPIDTO] {
        let ids = units.compactMap(\.id)
        var byUnit: [UUID: [String]] = [:]
        for chunk in ids.chunked(500) {
            for alias in try await UnitAlias.query(on: db).filter(\.$unit.$id ~~ chunk).all() { byUnit[alias.$unit.id, default: []].append(alias.name) }
        }
        return units.map { u in
            UnitAPIDTO(UnitDTO(u, aliases: (u.id.flatMap { byUnit[$0] } ?? []).sorted(), contact: viewer.may(.read, u)))
        }
    }

    @Sendable func groupMembers(req: Request, viewer: Viewer, group: UnitGroup) async throws -> UnitList {
        let date = try req.registryDate()
        let members = try await GroupService.resolve(group, on: date, db: req.db)
        return UnitList(items: members.map { UnitAPIDTO(UnitDTO($0, aliases: [], contact: viewer.may(.read, $0))) }, date: date)
    }
}
