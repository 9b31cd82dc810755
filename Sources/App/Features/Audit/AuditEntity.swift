/// The kinds of record the audit log speaks of, stored by their raw value in `audit_entries.entity_type`.
/// The log's filter offers every case.
enum AuditEntity: String, Codable, CaseIterable, Sendable {
    case unit
    case unitGroup = "unit_group"
    case registryEvent = "registry_event"
    case user
    case apiToken = "api_token"
    case plan
    case costEstimate = "cost_estimate"
    case assignment
    case activity
    case report
    case reportDeadlines = "report_deadlines"
    case survey
    case surveyInvitation = "survey_invitation"
    case surveyResponse = "survey_response"
    case contest
    case contestRound = "contest_round"
    case contestQuestions = "contest_questions"
    case contestEntry = "contest_entry"
    case contestScore = "contest_score"
    case staffCount = "unit_staff_count"
    case citizenQuestion = "citizen_question"
    case questionSettings = "question_settings"
    case radioColumn = "radio_column"
    case dialogue
    case scoringRule = "scoring_rule"
    case scoreSheet = "score_sheet"

    var label: String {
        switch self {
        case .unit: return "Đơn vị"
        case .unitGroup: return "Nhóm đơn vị"
        case .registryEvent: return "Sắp xếp đơn vị"
        case .user: return "Tài khoản"
        case .apiToken: return "Mã truy cập API"
        case .plan: return "Kế hoạch"
        case .costEstimate: return "Dự toán kinh phí"
        case .assignment: return "Phân công"
        case .activity: return "Kết quả thực hiện"
        case .report: return "Báo cáo"
        case .reportDeadlines: return "Kỳ báo cáo"
        case .survey: return "Khảo sát"
        case .surveyInvitation: return "Lời mời khảo sát"
        case .surveyResponse: return "Phiếu khảo sát"
        case .contest: return "Cuộc thi"
        case .contestRound: return "Vòng thi"
        case .contestQuestions: return "Ngân hàng câu hỏi"
        case .contestEntry: return "Bài dự thi sáng tác"
        case .contestScore: return "Điểm giám khảo"
        case .staffCount: return "Số biên chế"
        case .citizenQuestion: return "Câu hỏi của người dân"
        case .questionSettings: return "Cài đặt hỏi đáp"
        case .radioColumn: return "Chuyên mục phát thanh hỏi đáp"
        case .dialogue: return "Hội nghị đối thoại"
        case .scoringRule: return "Bộ tiêu chí chấm điểm"
        case .scoreSheet: return "Phiếu chấm điểm"
        }
    }
}

/// What was done, stored by its raw value in `audit_entries.action`.
enum AuditAction: String, Codable, CaseIterable, Sendable {
    case create, update, delete, login, logout, retire, importUnits = "import", revoke, security, issue, amend, restructure
    case submit, sendBack = "return", accept, reopen, remind, publish

    var label: String {
        switch self {
        case .create: return "Tạo mới"
        case .update: return "Cập nhật"
        case .delete: return "Xóa"
        case .login: return "Đăng nhập"
        case .logout: return "Đăng xuất"
        case .retire: return "Ngừng hoạt động"
        case .importUnits: return "Nhập từ tệp"
        case .revoke: return "Thu hồi"
        case .issue: return "Ban hành"
        case .amend: return "Sửa đổi"
        case .security: return "An ninh"
        case .restructure: return "Sắp xếp đơn vị"
        case .submit: return "Nộp báo cáo"
        case .sendBack: return "Trả lại báo cáo"
        case .accept: return "Duyệt báo cáo"
        case .reopen: return "Mở lại báo cáo"
        case .remind: return "Nhắc nộp báo cáo"
        case .publish: return "Công bố kết quả"
        }
    }
}
