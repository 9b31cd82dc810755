import FluentSQLiteDriver
import Vapor

/// Turns every error into a Vietnamese HTML page, or `{error, reason}` JSON under `/api`.
/// Internal details go to the log with the request id, never to the client.
struct ErrorPageMiddleware: AsyncMiddleware {
    struct ErrorBody: Content {
        let error: Bool
        let reason: String
    }

    struct ErrorContext: Encodable {
        let status: Int
        let message: String
        let requestID: String
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await response(for: error, request: request)
        }
    }

    func response(for error: any Error, request: Request) async -> Response {
        let status: HTTPResponseStatus
        let message: String
        var headers = HTTPHeaders()
        switch error {
        case let wrapped as AppErrorWithHeaders:
            status = wrapped.status
            message = wrapped.reason
            headers = wrapped.headers
        case let app as AppError:
            status = app.status
            message = app.reason
            if status == .serviceUnavailable { headers.replaceOrAdd(name: .retryAfter, value: "2") }
        case let sqlite as SQLiteError where sqlite.reason == .busy || sqlite.reason == .locked:
            status = .serviceUnavailable
            message = AppError.busy.reason
            headers.replaceOrAdd(name: .retryAfter, value: "2")
        case let database as any DatabaseError where database.isConstraintFailure:
            // A uniqueness the code checks first, lost to a write that came in between (PostgreSQL's concurrent
            // transactions): the other write won, nothing of this one was stored.
            status = .conflict
            message = "Dữ liệu này vừa được người khác ghi cùng lúc (trùng với bản ghi đã có); không có gì được lưu. Hãy tải lại trang để xem."
        case let abort as any AbortError:
            status = abort.status
            headers = abort.headers
            message = AppError.message(for: abort.status)
        case is DecodingError:
            status = .badRequest
            message = "Dữ liệu gửi lên không đúng định dạng."
        case _ where String(reflecting: type(of: error)).hasPrefix("MultipartKit."):
            // An empty or cut multipart body: MultipartKit's parser errors are not all public types.
            status = .badRequest
            message = "Biểu mẫu gửi lên bị hỏng hoặc trống (multipart không đúng định dạng); hãy chọn tệp và gửi lại."
        default:
            status = .internalServerError
            message = AppError.message(for: .internalServerError)
        }
        if status.code >= 500 {
            request.logger.error("request \(request.id) failed: \(String(reflecting: error))")
        } else {
            request.logger.debug("request \(request.id): \(status.code) \(error)")
        }
        headers.remove(name: .contentType)
        headers.remove(name: .contentLength)
        if request.wantsJSON {
            let body = ErrorBody(error: true, reason: message)
            let response = Response(status: status, headers: headers)
            do { try response.content.encode(body, as: .json) } catch {
                response.body = .init(string: #"{"error":true,"reason":"Đã xảy ra lỗi hệ thống."}"#)
            }
            return response
        }
        let context = Page(title: "Lỗi \(status.code)", request: request,
                           content: ErrorContext(status: Int(status.code), message: message, requestID: request.id))
        do {
            let view = try await request.view.render("errors/error", context)
            let response = try await view.encodeResponse(status: status, headers: headers, for: request)
            return response
        } catch {
            request.logger.error("error page failed to render: \(error)")
            let response = Response(status: status, headers: headers,
                                    body: .init(string: "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Lỗi</title><p>\(message)</p></html>"))
            response.headers.contentType = .html
            return response
        }
    }
}

extension Request {
    /// API paths and clients that ask for JSON get JSON errors.
    var wantsJSON: Bool {
        if url.path.hasPrefix("/api/") || url.path == "/api" { return true }
        let accept = headers.first(name: .accept) ?? ""
        return accept.contains("application/json") && !accept.contains("text/html")
    }
}
