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

/// The OpenAPI 3.1 description of every route under /api/v1 (a test checks that none is missing).
enum OpenAPIDocument {
    static let json = #"""
    {
      "openapi": "3.1.0",
      "info": {"title": "CCHC API", "version": "1.0.0",
               "description": "API của hệ thống quản lý kế hoạch tuyên truyền cải cách hành chính. Xác thực bằng mã truy cập: Authorization: Bearer <token> (tạo bằng lệnh cchc create-token USERNAME)."},
      "servers": [{"url": "/"}],
      "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
          "Error": {"type": "object", "required": ["error", "reason"],
                    "properties": {"error": {"type": "boolean"}, "reason": {"type": "string"}}},
          "Unit": {"type": "object", "required": ["code", "name", "kind", "level", "aliases"],
                   "properties": {"id": {"type": "string", "format": "uuid"}, "code": {"type": "string"},
                                  "name": {"type": "string"}, "shortName": {"type": ["string", "null"]},
                                  "kind": {"type": "string", "enum": ["committee", "department", "office", "public_service", "central_branch", "mass_organisation", "civil_servant_post", "hamlet", "other"]},
                                  "level": {"type": "string", "enum": ["province", "district", "commune", "below"]},
                                  "parentID": {"type": ["string", "null"], "format": "uuid"},
                                  "validFrom": {"type": ["string", "null"], "format": "date"},
                                  "validTo": {"type": ["string", "null"], "format": "date"},
                                  "aliases": {"type": "array", "items": {"type": "string"}},
                                  "address": {"type": ["string", "null"]}, "phone": {"type": ["string", "null"]},
                                  "email": {"type": ["string", "null"]}, "website": {"type": ["string", "null"]}}},
          "UnitList": {"type": "object", "required": ["items"],
                       "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Unit"}}}},
          "User": {"type": "object", "required": ["username", "fullName", "role", "unitID", "isActive"],
                   "properties": {"id": {"type": "string", "format": "uuid"}, "username": {"type": "string"},
                                  "fullName": {"type": "string"}, "email": {"type": ["string", "null"]},
                                  "role": {"type": "string", "enum": ["admin", "plan_owner", "reporter", "leader"]},
                                  "unitID": {"type": "string", "format": "uuid"}, "isActive": {"type": "boolean"}}}
        },
        "responses": {
          "Unauthorized": {"description": "Thiếu hoặc sai mã truy cập",
                           "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "NotFound": {"description": "Không tìm thấy",
                       "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "BadRequest": {"description": "Tham số không hợp lệ",
                         "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      },
      "paths": {
        "/api/v1/openapi.json": {
          "get": {"summary": "Tài liệu OpenAPI này", "operationId": "openapi",
                  "responses": {"200": {"description": "Tài liệu OpenAPI", "content": {"application/json": {}}}}}
        },
        "/api/v1/me": {
          "get": {"summary": "Tài khoản đang dùng mã truy cập và đơn vị của nó", "operationId": "me",
                  "security": [{"bearer": []}],
                  "responses": {"200": {"description": "Tài khoản và đơn vị",
                                        "content": {"application/json": {"schema": {"type": "object", "required": ["user", "unit"],
                                          "properties": {"user": {"$ref": "#/components/schemas/User"}, "unit": {"$ref": "#/components/schemas/Unit"}}}}}},
                                "401": {"$ref": "#/components/responses/Unauthorized"}}}
        },
        "/api/v1/units": {
          "get": {"summary": "Danh mục đơn vị; tìm theo tên hoặc tên gọi khác (không phân biệt hoa thường, dấu)", "operationId": "listUnits",
                  "security": [{"bearer": []}],
                  "parameters": [{"name": "q", "in": "query", "required": false, "schema": {"type": "string"}}],
                  "responses": {"200": {"description": "Các đơn vị", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UnitList"}}}},
                                "401": {"$ref": "#/components/responses/Unauthorized"}}}
        },
        "/api/v1/units/{unitID}": {
          "get": {"summary": "Một đơn vị", "operationId": "getUnit", "security": [{"bearer": []}],
                  "parameters": [{"name": "unitID", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}],
                  "responses": {"200": {"description": "Đơn vị", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Unit"}}}},
                                "401": {"$ref": "#/components/responses/Unauthorized"},
                                "404": {"$ref": "#/components/responses/NotFound"}}}
        },
        "/api/v1/groups/{groupID}/members": {
          "get": {"summary": "Các đơn vị thuộc một nhóm vào một ngày", "operationId": "groupMembers", "security": [{"bearer": []}],
                  "parameters": [{"name": "groupID", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
                                 {"name": "date", "in": "query", "required": false, "schema": {"type": "string"}}],
                  "responses": {"200": {"description": "Các đơn vị", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UnitList"}}}},
                                "400": {"$ref": "#/components/responses/BadRequest"},
                                "401": {"$ref": "#/components/responses/Unauthorized"},
                                "404": {"$ref": "#/components/responses/NotFound"}}}
        }
      }
    }
    """#
}
