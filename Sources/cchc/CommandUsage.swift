import Vapor

/// Vietnamese messages for a command line that does not fit the command.
enum CommandUsage {
    static func message(_ error: ConsoleKit.CommandError) -> String {
        switch error {
        case .missingCommand: return "Thiếu tên lệnh. Xem `cchc --help`."
        case .unknownCommand(let name, _): return "Không có lệnh \(name). Xem `cchc --help`."
        case .missingRequiredArgument(let name): return "Thiếu tham số \(name). Xem `cchc <lệnh> --help`."
        case .invalidArgumentType(let name, _): return "Tham số \(name) không hợp lệ."
        case .invalidOptionType(let name, _): return "Tùy chọn --\(name) không hợp lệ."
        case .unknownInput(let input): return "Không hiểu \"\(input)\". Xem `cchc <lệnh> --help`."
        }
    }
}
