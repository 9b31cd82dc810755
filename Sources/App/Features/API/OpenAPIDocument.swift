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
                                  "validFrom": {"type": ["string", "null"], "format": "date", "deprecated": true, "description": "như valid_from"},
                                  "validTo": {"type": ["string", "null"], "format": "date", "deprecated": true, "description": "như valid_to"},
                                  "valid_from": {"type": ["string", "null"], "format": "date", "description": "ngày bắt đầu có hiệu lực (null: không rõ)"},
                                  "valid_to": {"type": ["string", "null"], "format": "date", "description": "ngày cuối cùng có hiệu lực (null: còn hoạt động)"},
                                  "predecessors": {"type": "array", "description": "chỉ ở GET /api/v1/units/{unitID}: các đơn vị tiền thân",
                                                   "items": {"$ref": "#/components/schemas/UnitLink"}},
                                  "successors": {"type": "array", "description": "chỉ ở GET /api/v1/units/{unitID}: các đơn vị kế thừa",
                                                 "items": {"$ref": "#/components/schemas/UnitLink"}},
                                  "aliases": {"type": "array", "items": {"type": "string"}},
                                  "address": {"type": ["string", "null"]}, "phone": {"type": ["string", "null"]},
                                  "email": {"type": ["string", "null"]}, "website": {"type": ["string", "null"]}}},
          "UnitList": {"type": "object", "required": ["items"],
                       "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Unit"}},
                                      "date": {"type": ["string", "null"], "format": "date", "description": "danh mục như ngày này"}}},
          "UnitLink": {"type": "object", "required": ["id", "name", "code", "event", "event_id", "effective_on", "basis"],
                       "description": "Một đơn vị tiền thân hoặc kế thừa và sự kiện sắp xếp nối hai đơn vị",
                       "properties": {"id": {"type": "string", "format": "uuid"}, "name": {"type": "string"}, "code": {"type": "string"},
                                      "event": {"type": "string", "enum": ["merge", "split", "rename", "move", "abolish", "found"]},
                                      "event_label": {"type": "string"}, "event_id": {"type": "string", "format": "uuid"},
                                      "effective_on": {"type": "string", "format": "date"},
                                      "basis": {"type": "string", "description": "văn bản làm căn cứ: số, ngày, cơ quan ban hành"}}},
          "User": {"type": "object", "required": ["username", "fullName", "role", "unitID", "isActive"],
                   "properties": {"id": {"type": "string", "format": "uuid"}, "username": {"type": "string"},
                                  "fullName": {"type": "string"}, "email": {"type": ["string", "null"]},
                                  "role": {"type": "string", "enum": ["admin", "plan_owner", "reporter", "leader"]},
                                  "unitID": {"type": "string", "format": "uuid"}, "isActive": {"type": "boolean"}}},
          "PlanSummary": {"type": "object", "required": ["id", "unitID", "status", "year", "title"],
                          "properties": {"id": {"type": "string", "format": "uuid"}, "unitID": {"type": "string", "format": "uuid"},
                                         "status": {"type": "string", "enum": ["draft", "issued"]}, "year": {"type": "integer"},
                                         "number": {"type": ["string", "null"]}, "issuedOn": {"type": ["string", "null"], "format": "date"},
                                         "title": {"type": "string"}}},
          "PlanList": {"type": "object", "required": ["items", "total", "page"],
                       "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/PlanSummary"}},
                                      "total": {"type": "integer"}, "page": {"type": "integer"}}},
          "PlanDocument": {"type": "object", "required": ["schema", "tasks"],
                           "description": "Văn bản kế hoạch theo mẫu cchc.plan/v1 (xem README)",
                           "properties": {"schema": {"type": "string", "const": "cchc.plan/v1"},
                                          "issuer": {"type": ["string", "null"]}, "number": {"type": ["string", "null"]},
                                          "issued_on": {"type": ["string", "null"], "format": "date"}, "place": {"type": ["string", "null"]},
                                          "year": {"type": ["integer", "null"],
                                                   "description": "năm của kế hoạch; null với kế hoạch nhiều năm không nêu năm nào riêng"},
                                          "period": {"type": ["object", "null"], "required": ["from", "to"],
                                                     "description": "kế hoạch nhiều năm (\"giai đoạn 2022-2025\"): năm đầu và năm cuối",
                                                     "properties": {"from": {"type": "integer"}, "to": {"type": "integer"}}},
                                          "title": {"type": ["string", "null"]}, "draft": {"type": "boolean"},
                                          "legal_bases": {"type": "array", "items": {"type": "object"}},
                                          "targets": {"type": "array", "items": {"type": "object"}},
                                          "signer": {"type": ["object", "null"]},
                                          "tasks": {"type": "array", "items": {"type": "object"}},
                                          "warnings": {"type": "array", "items": {"type": "string"}}}},
          "PlanDetail": {"type": "object", "required": ["id", "unitID", "status", "plan", "tasks"],
                         "description": "plan: văn bản kế hoạch theo mẫu cchc.plan/v1; tasks: mã của từng nhiệm vụ và các phân công",
                         "properties": {"id": {"type": "string", "format": "uuid"}, "unitID": {"type": "string", "format": "uuid"},
                                        "parentPlanID": {"type": ["string", "null"], "format": "uuid"},
                                        "status": {"type": "string", "enum": ["draft", "issued"]},
                                        "plan": {"$ref": "#/components/schemas/PlanDocument"},
                                        "tasks": {"type": "array", "items": {"type": "object", "required": ["no", "id", "assignments"],
                                                  "properties": {"no": {"type": "integer"}, "id": {"type": "string", "format": "uuid"},
                                                                 "assignments": {"type": "array", "items": {"type": "string", "format": "uuid"}}}}}}}
        },
        "responses": {
          "Unauthorized": {"description": "Thiếu hoặc sai mã truy cập",
                           "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "NotFound": {"description": "Không tìm thấy",
                       "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "BadRequest": {"description": "Tham số không hợp lệ",
                         "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Forbidden": {"description": "Không có quyền với dữ liệu của đơn vị này",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Unprocessable": {"description": "Tệp hoặc dữ liệu không dùng được (kèm lý do)",
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
                  "parameters": [{"name": "q", "in": "query", "required": false, "schema": {"type": "string"}},
                                 {"name": "date", "in": "query", "required": false, "description": "YYYY-MM-DD (mặc định hôm nay): chỉ các đơn vị có hiệu lực ngày đó",
                                  "schema": {"type": "string", "format": "date"}}],
                  "responses": {"200": {"description": "Các đơn vị", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UnitList"}}}},
                                "400": {"$ref": "#/components/responses/BadRequest"},
                                "401": {"$ref": "#/components/responses/Unauthorized"}}}
        },
        "/api/v1/units/{unitID}/children": {
          "get": {"summary": "Các đơn vị trực thuộc một đơn vị vào một ngày", "operationId": "unitChildren", "security": [{"bearer": []}],
                  "parameters": [{"name": "unitID", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
                                 {"name": "date", "in": "query", "required": false, "description": "YYYY-MM-DD (mặc định hôm nay)",
                                  "schema": {"type": "string", "format": "date"}}],
                  "responses": {"200": {"description": "Các đơn vị", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UnitList"}}}},
                                "400": {"$ref": "#/components/responses/BadRequest"},
                                "401": {"$ref": "#/components/responses/Unauthorized"},
                                "404": {"$ref": "#/components/responses/NotFound"}}}
        },
        "/api/v1/units/{unitID}": {
          "get": {"summary": "Một đơn vị, với thời gian hiệu lực, các đơn vị tiền thân và kế thừa", "operationId": "getUnit", "security": [{"bearer": []}],
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
        },
        "/api/v1/plans": {
          "get": {"summary": "Các kế hoạch được xem; lọc theo năm, đơn vị ban hành, trạng thái, từ khóa", "operationId": "listPlans",
                  "security": [{"bearer": []}],
                  "parameters": [{"name": "year", "in": "query", "required": false, "schema": {"type": "integer"}},
                                 {"name": "issuer", "in": "query", "required": false, "schema": {"type": "string"}},
                                 {"name": "status", "in": "query", "required": false, "schema": {"type": "string", "enum": ["draft", "issued"]}},
                                 {"name": "q", "in": "query", "required": false, "schema": {"type": "string"}},
                                 {"name": "page", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1}}],
                  "responses": {"200": {"description": "Các kế hoạch", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PlanList"}}}},
                                "401": {"$ref": "#/components/responses/Unauthorized"}}}
        },
        "/api/v1/plans/import": {
          "post": {"summary": "Nhập văn bản kế hoạch (multipart: file, unit) thành dự thảo", "operationId": "importPlan",
                   "security": [{"bearer": []}],
                   "requestBody": {"required": true, "content": {"multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                   "properties": {"file": {"type": "string", "format": "binary"}, "unit": {"type": "string"}}}}}},
                   "responses": {"201": {"description": "Dự thảo đã lưu", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PlanDetail"}}}},
                                 "401": {"$ref": "#/components/responses/Unauthorized"},
                                 "403": {"$ref": "#/components/responses/Forbidden"},
                                 "409": {"description": "Trùng số kế hoạch", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                                 "415": {"$ref": "#/components/responses/Unprocessable"},
                                 "422": {"$ref": "#/components/responses/Unprocessable"}}}
        },
        "/api/v1/plans/{planID}": {
          "get": {"summary": "Một kế hoạch (cchc.plan/v1 kèm mã)", "operationId": "getPlan", "security": [{"bearer": []}],
                  "parameters": [{"name": "planID", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}],
                  "responses": {"200": {"description": "Kế hoạch", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PlanDetail"}}}},
                                "401": {"$ref": "#/components/responses/Unauthorized"},
                                "403": {"$ref": "#/components/responses/Forbidden"},
                                "404": {"$ref": "#/components/responses/NotFound"}}}
        },
        "/api/v1/plans/{planID}/export": {
          "get": {"summary": "Tải kế hoạch: json (cchc.plan/v1), docx (văn bản) hoặc xlsx (phụ lục nhiệm vụ)", "operationId": "exportPlan",
                  "security": [{"bearer": []}],
                  "parameters": [{"name": "planID", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
                                 {"name": "format", "in": "query", "required": false, "schema": {"type": "string", "enum": ["json", "docx", "xlsx"]}}],
                  "responses": {"200": {"description": "Tệp", "content": {"application/json": {}, "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}},
                                "400": {"$ref": "#/components/responses/BadRequest"},
                                "401": {"$ref": "#/components/responses/Unauthorized"},
                                "403": {"$ref": "#/components/responses/Forbidden"},
                                "404": {"$ref": "#/components/responses/NotFound"}}}
        }
      }
    }
    """#
}
