import Vapor

/// The one error type features throw: a status and a safe Vietnamese message for the user.
struct AppError: AbortError, DebuggableError {
    let status: HTTPResponseStatus
    let reason: String
    var identifier: String { "AppError.\(status.code)" }

    init(_ status: HTTPResponseStatus, _ reason: String) {
        self.status = status
        self.reason = reason
    }

    static func notFound(_ what: String = "Không tìm thấy trang hoặc dữ liệu bạn yêu cầu.") -> AppError {
        AppError(.notFound, what)
    }

    static let forbidden = AppError(.forbidden, "Bạn không có quyền truy cập hoặc thay đổi dữ liệu này.")
    static let unauthorized = AppError(.unauthorized, "Bạn cần đăng nhập để tiếp tục.")
    /// A write waited its whole turn for the database and did not get it.
    static let busy = AppError(.serviceUnavailable, "Hệ thống đang bận, vui lòng thử lại.")

    static func badRequest(_ reason: String) -> AppError { AppError(.badRequest, reason) }

    /// The Vietnamese message for statuses raised by the framework itself.
    static func message(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 400: return "Yêu cầu không hợp lệ."
        case 401: return "Bạn cần đăng nhập để tiếp tục."
        case 403: return "Bạn không có quyền truy cập hoặc thay đổi dữ liệu này."
        case 404: return "Không tìm thấy trang hoặc dữ liệu bạn yêu cầu."
        case 405: return "Phương thức không được hỗ trợ cho địa chỉ này."
        case 413: return "Tệp hoặc dữ liệu gửi lên vượt quá dung lượng cho phép."
        case 414: return "Địa chỉ trang quá dài."
        case 431: return "Yêu cầu có phần đầu (header, cookie) quá lớn."
        case 415: return "Định dạng dữ liệu gửi lên không được hỗ trợ."
        case 422: return "Dữ liệu nhập chưa hợp lệ."
        case 429: return "Bạn thao tác quá nhiều lần. Vui lòng thử lại sau."
        case 503: return "Hệ thống tạm thời không sẵn sàng. Vui lòng thử lại sau."
        default:
            return status.code >= 500 ? "Đã xảy ra lỗi hệ thống. Vui lòng thử lại sau." : "Yêu cầu không thể thực hiện."
        }
    }
}
