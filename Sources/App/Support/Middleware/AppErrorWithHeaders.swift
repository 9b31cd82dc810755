import Vapor

/// An `AppError` that also sets response headers (`Allow`, `Retry-After`).
struct AppErrorWithHeaders: AbortError {
    let error: AppError
    let headers: HTTPHeaders
    var status: HTTPResponseStatus { error.status }
    var reason: String { error.reason }
}
