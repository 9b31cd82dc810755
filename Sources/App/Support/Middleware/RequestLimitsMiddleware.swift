import Vapor

/// Refuses oversized requests before any route, file lookup or database work sees them: a path
/// segment too long for a file name (which used to end in a 500), a huge target, or huge headers.
/// Requests past ~80 KB of headers are cut off by the HTTP parser itself before reaching here.
struct RequestLimitsMiddleware: AsyncMiddleware {
    let limits: RequestLimits

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let target = request.url.string
        if target.utf8.count > limits.target {
            throw AppError(.uriTooLong, "Địa chỉ trang quá dài (tối đa \(limits.target / 1024) KB). Hãy rút ngắn từ khóa tìm kiếm hoặc bộ lọc.")
        }
        if request.url.path.split(separator: "/").contains(where: { $0.utf8.count > limits.pathSegment }) {
            throw AppError(.uriTooLong, "Địa chỉ trang có một phần dài quá \(limits.pathSegment) ký tự. Hãy kiểm tra lại đường dẫn.")
        }
        var headerBytes = 0
        for (name, value) in request.headers { headerBytes += name.utf8.count + value.utf8.count + 4 }
        if headerBytes > limits.headers {
            throw AppError(.requestHeaderFieldsTooLarge, "Phần đầu của yêu cầu (header, cookie) quá lớn. Hãy xóa cookie của trang này trong trình duyệt rồi thử lại.")
        }
        return try await next.respond(to: request)
    }
}
