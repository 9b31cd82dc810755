import Fluent
import Vapor
import Domain

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
