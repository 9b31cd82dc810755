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
        secured.on(.apiUnit, use: unit)
        secured.on(.apiGroupMembers, use: groupMembers)
    }

    struct MeDTO: Content {
        let user: UserDTO
        let unit: UnitDTO
    }

    struct UnitList: Content {
        let items: [UnitDTO]
    }

    @Sendable func openapi(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(string: OpenAPIDocument.json))
        response.headers.contentType = .json
        return response
    }

    @Sendable func me(req: Request) async throws -> MeDTO {
        let viewer = try req.requireViewer()
        return MeDTO(user: UserDTO(viewer.user), unit: try await UnitService.dto(viewer.unit, on: req.db))
    }

    @Sendable func units(req: Request) async throws -> UnitList {
        let viewer = try req.requireViewer()
        let q = (try? req.query.get(String.self, at: "q")) ?? ""
        let found: [Unit]
        if q.trimmingCharacters(in: .whitespaces).isEmpty {
            found = try await Unit.query(on: req.db).sort(\.$name).limit(1000).all()
        } else {
            found = try await UnitService.search(q, on: req.db, limit: 200).units
        }
        let ids = found.compactMap(\.id)
        let aliases = ids.isEmpty ? [] : try await UnitAlias.query(on: req.db).filter(\.$unit.$id ~~ ids).all()
        let byUnit = Dictionary(grouping: aliases, by: { $0.$unit.id })
        return UnitList(items: found.map { u in
            UnitDTO(u, aliases: (byUnit[u.id ?? UUID()] ?? []).map(\.name).sorted(), contact: viewer.may(.read, u))
        })
    }

    @Sendable func unit(req: Request) async throws -> UnitDTO {
        let viewer = try req.requireViewer()
        guard let id = req.parameters.get("unitID", as: UUID.self) else { throw AppError.notFound("Không tìm thấy đơn vị.") }
        let unit = try await UnitService.find(id, on: req.db)
        return UnitDTO(unit, aliases: try await UnitService.aliases(of: try unit.requireID(), on: req.db), contact: viewer.may(.read, unit))
    }

    @Sendable func groupMembers(req: Request) async throws -> UnitList {
        let viewer = try req.requireViewer()
        guard let id = req.parameters.get("groupID", as: UUID.self), let group = try await UnitGroup.find(id, on: req.db) else {
            throw AppError.notFound("Không tìm thấy nhóm đơn vị.")
        }
        var date = req.application.clock.today()
        if let text = try? req.query.get(String.self, at: "date"), !text.isEmpty {
            guard let d = UnitCSVImport.parseDate(text) else { throw AppError(.badRequest, "Ngày không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd).") }
            date = d
        }
        let members = try await GroupService.resolve(group, on: date, db: req.db)
        return UnitList(items: members.map { UnitDTO($0, aliases: [], contact: viewer.may(.read, $0)) })
    }
}
