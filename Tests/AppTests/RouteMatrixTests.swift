import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
import Domain

/// Every route of the running application, for every role against its own unit, a child, a sibling and
/// the parent: allowed or refused as the one access rule says. A route missing from the matrix fails.
@Suite struct RouteMatrixTests {
    enum Rule: Sendable {
        /// No account needed.
        case publicRoute
        /// Any signed-in account (or API token).
        case signedIn
        /// `Viewer.may(access, target unit)`.
        case unit(UnitAccess)
        /// Putting a new unit or account under the target.
        case place
        case retire
        /// Administrators and plan owners, no target.
        case registryManager
        /// Changing the target unit's account.
        case account
        /// Reading the target unit's plan (`Viewer.mayRead(planOf:)`).
        case planRead
        /// Writing or issuing the target unit's plan (`Viewer.mayAuthor(planOf:)`).
        case planAuthor
        /// Allowed for exactly these (account, target unit code) pairs, written out: the rules with the most
        /// conditions (deriving a plan, reviewing and reminding reports) are checked against the expected answer itself.
        case only([String: Set<String>])
        /// Allowed for exactly these accounts, whatever the target (a capability of the account, not of a unit).
        case accounts(Set<String>)
        /// Administrators only.
        case adminOnly
        /// Refused to every account (the route needs a relation the matrix's records do not have).
        case nobody
        /// Writing the target unit's scoring rules, computing and appraising (`Viewer.mayAppraise(scoresOf:)`).
        case scoreAppraise
        /// Approving the target unit's score table (`Viewer.mayApprove(scoresOf:)`).
        case scoreApprove
        /// Proposing another score for the target unit (`Viewer.mayPropose(scoreOf:)`).
        case scorePropose
    }

    struct Entry: Sendable {
        let rule: Rule
        /// The form to post; nil for GET.
        var form: (@Sendable (Target) -> [(String, String)])?
        /// A CSV upload (the import page).
        var csv: (@Sendable (Target) -> String)?
        /// A plan document upload: file name, content and the other form fields.
        var document: (@Sendable (Target) -> (String, String, [(String, String)]))?
    }

    struct Target: @unchecked Sendable {
        let unit: App.Unit
        let user: User
        let tokenID: UUID
        let groupID: UUID
        let planID: UUID
        let taskID: UUID
        let assignmentID: UUID
        let activityID: UUID
        let fileID: UUID
        let surveyID: UUID
        let surveyCode: String
        let contestID: UUID
        let contestCode: String
        let questionID: UUID
        let questionCode: String
        let columnID: UUID
        let dialogueID: UUID
        let ruleID: UUID
        let sheetID: UUID
        let serial: Int
    }

    /// A small plan document with no issuer line, so that it is filed under the unit chosen.
    static func planText(_ serial: Int) -> String {
        """
        # KẾ HOẠCH
        ## Tuyên truyền cải cách hành chính năm 2026 (thử \(serial))
        ### II. NHIỆM VỤ CỤ THỂ
        1. Đăng tin bài về cải cách hành chính
        - Cơ quan chủ trì: Phòng Nội vụ.
        - Thời gian thực hiện: Hằng tháng.
        """
    }

    static let matrix: [String: Entry] = [
        "GET /healthz": Entry(rule: .publicRoute),
        "GET /login": Entry(rule: .publicRoute),
        "POST /login": Entry(rule: .publicRoute),
        "POST /logout": Entry(rule: .signedIn, form: { _ in [] }),
        "GET /": Entry(rule: .signedIn),
        "GET /audit": Entry(rule: .signedIn),
        "GET /account": Entry(rule: .signedIn),
        "POST /account/password": Entry(rule: .signedIn, form: { _ in [("current", "sai"), ("password", "x"), ("confirm", "y")] }),
        "POST /account/tokens": Entry(rule: .signedIn, form: { _ in [("name", "ma thu"), ("days", "3")] }),
        "POST /account/tokens/:tokenID/revoke": Entry(rule: .signedIn, form: { _ in [] }),
        "POST /account/notices/read": Entry(rule: .signedIn, form: { _ in [] }),
        "GET /units": Entry(rule: .signedIn),
        "GET /units/search": Entry(rule: .signedIn),
        "GET /units/new": Entry(rule: .registryManager),
        "POST /units": Entry(rule: .place, form: { t in
            [("code", "MX-\(t.serial)"), ("name", "Đơn vị thử \(t.serial)"), ("kind", "office"), ("level", t.unit.level.rawValue),
             ("parentID", t.unit.id?.uuidString ?? "")] }),
        "GET /units/import": Entry(rule: .registryManager),
        "POST /units/import": Entry(rule: .place, csv: { t in "ma,ten,loai,cap,ma_don_vi_cha\nMC-\(t.serial),Đơn vị nhập \(t.serial),Phòng,xã,\(t.unit.code)\n" }),
        "GET /units/:unitID": Entry(rule: .signedIn),
        "GET /units/:unitID/edit": Entry(rule: .unit(.manage)),
        "POST /units/:unitID": Entry(rule: .unit(.manage), form: { t in
            [("code", t.unit.code), ("name", t.unit.name), ("kind", t.unit.kind.rawValue), ("level", t.unit.level.rawValue),
             ("parentID", t.unit.$parent.id?.uuidString ?? "")] }),
        "GET /units/:unitID/retire": Entry(rule: .retire),
        "POST /units/:unitID/retire": Entry(rule: .retire, form: { _ in [("date", "31/12/2030"), ("confirm", "1")] }),
        "GET /units/:unitID/contact": Entry(rule: .unit(.edit)),
        "POST /units/:unitID/contact": Entry(rule: .unit(.edit), form: { t in [("phone", "0299 \(t.serial)")] }),
        "GET /units/:unitID/users": Entry(rule: .unit(.read)),
        "GET /units/:unitID/staff": Entry(rule: .unit(.read)),
        "POST /units/:unitID/staff": Entry(rule: .unit(.manage), form: { t in [("staff", String(t.serial)), ("asOf", "01/01/2026")] }),
        "GET /units/staff-import": Entry(rule: .registryManager),
        "POST /units/staff-import": Entry(rule: .unit(.manage), csv: { t in "ma,bien_che,ngay\n\(t.unit.code),\(t.serial),01/02/2026\n" }),
        "GET /groups/:groupID": Entry(rule: .signedIn),
        "GET /groups/new": Entry(rule: .registryManager),
        "POST /groups": Entry(rule: .unit(.manage), form: { t in
            [("name", "Nhóm thử \(t.serial)"), ("anchorQuery", t.unit.code), ("type", "rule"), ("relation", "children")] }),
        "GET /groups/:groupID/edit": Entry(rule: .unit(.manage)),
        "POST /groups/:groupID": Entry(rule: .unit(.manage), form: { t in
            [("name", "Nhóm của \(t.unit.code)"), ("anchorQuery", t.unit.code), ("type", "rule"), ("relation", "descendants")] }),
        "GET /groups/:groupID/members.csv": Entry(rule: .signedIn),
        "GET /groups/:groupID/members.xlsx": Entry(rule: .signedIn),
        "GET /units/export.csv": Entry(rule: .signedIn),
        "GET /units/export.xlsx": Entry(rule: .signedIn),
        "GET /users": Entry(rule: .registryManager),
        "GET /users/new": Entry(rule: .registryManager),
        "POST /users": Entry(rule: .place, form: { t in
            [("username", "mx.\(t.serial)"), ("fullName", "Người thử \(t.serial)"), ("role", "reporter"),
             ("unitID", t.unit.id?.uuidString ?? ""), ("password", "Mùa nước nổi 2026")] }),
        "GET /users/:userID/edit": Entry(rule: .account),
        "POST /users/:userID": Entry(rule: .account, form: { t in
            [("fullName", t.user.fullName), ("email", ""), ("role", "reporter"), ("unitID", t.unit.id?.uuidString ?? "")] }),
        "GET /users/:userID/password": Entry(rule: .account),
        "POST /users/:userID/password": Entry(rule: .account, form: { _ in [("password", "Mùa nước nổi 2026")] }),
        "GET /users/:userID/active": Entry(rule: .account),
        "POST /users/:userID/active": Entry(rule: .account, form: { _ in [] }),
        "GET /users/:userID/tokens": Entry(rule: .account),
        "POST /users/:userID/tokens/:tokenID/revoke": Entry(rule: .account, form: { _ in [] }),
        "GET /api/v1/openapi.json": Entry(rule: .publicRoute),
        "GET /api/v1/me": Entry(rule: .signedIn),
        "GET /api/v1/contests": Entry(rule: .signedIn),
        "GET /api/v1/contests/:contestID/results": Entry(rule: .unit(.read)),
        "GET /api/v1/units": Entry(rule: .signedIn),
        "GET /api/v1/units/:unitID": Entry(rule: .signedIn),
        "GET /api/v1/units/:unitID/children": Entry(rule: .signedIn),
        "GET /registry/events": Entry(rule: .registryManager),
        "POST /registry/events/:eventID/undo": Entry(rule: .registryManager, form: { _ in [] }),
        "GET /registry/events/new": Entry(rule: .registryManager),
        "POST /registry/events": Entry(rule: .unit(.manage), form: { t in
            [("kind", "rename"), ("effective_on", "01/01/2099"), ("basis_number", "\(t.serial)/QĐ-UBND"), ("basis_issuer", "UBND tỉnh"),
             ("sources", t.unit.code), ("new_name", "Đơn vị đổi tên \(t.serial)")]
        }),
        "GET /registry/restructure": Entry(rule: .registryManager),
        "POST /registry/restructure": Entry(rule: .registryManager, csv: { t in "ma,ten\n\(t.unit.code),x\n" }),
        "GET /api/v1/groups/:groupID/members": Entry(rule: .signedIn),
        "GET /plans": Entry(rule: .signedIn),
        "GET /work": Entry(rule: .signedIn),
        "GET /plans/import": Entry(rule: .registryManager),
        "POST /plans/import": Entry(rule: .planAuthor, document: { t in ("kh.md", planText(t.serial), [("unit", t.unit.code)]) }),
        "GET /plans/:planID": Entry(rule: .planRead),
        "GET /plans/:planID/units": Entry(rule: .planAuthor),
        "POST /plans/:planID/units": Entry(rule: .planAuthor, form: { _ in [] }),
        "GET /plans/:planID/issue": Entry(rule: .planAuthor),
        "POST /plans/:planID/issue": Entry(rule: .planAuthor, form: { t in
            [("number", "\(t.serial)/KH-UBND"), ("issuedOn", "10/01/2026"), ("signerName", "Người ký \(t.serial)")] }),
        "GET /plans/:planID/timeline": Entry(rule: .planRead),
        "POST /plans/:planID/derive": Entry(rule: .only([
            // One's own unit's plan from a plan of a unit above it: plan owners (and administrators) below the issuer.
            "chauthanh.kehoach": ["ST"],
        ]), form: { _ in [] }),
        "GET /plans/:planID/budget": Entry(rule: .planRead),
        "GET /assignments/:assignmentID": Entry(rule: .unit(.read)),
        "POST /assignments/:assignmentID/activities": Entry(rule: .unit(.edit), form: { t in
            [("kind", "news_article"), ("channel", "portal"), ("happenedOn", "21/01/2026"), ("title", "Tin bài thêm \(t.serial)")] }),
        "POST /assignments/:assignmentID/done": Entry(rule: .unit(.edit), form: { _ in [("text", "Đã làm, chưa chụp ảnh")] }),
        "POST /assignments/:assignmentID/cancel": Entry(rule: .planAuthor, form: { _ in [("text", "Thử hủy")] }),
        "POST /activities/:activityID/review": Entry(rule: .planAuthor, form: { _ in [("verdict", "verify")] }),
        "GET /evidence/:fileID": Entry(rule: .unit(.read)),
        "GET /rollup": Entry(rule: .signedIn),
        "GET /reports": Entry(rule: .signedIn),
        "GET /reports/deadlines": Entry(rule: .adminOnly),
        "POST /reports/deadlines": Entry(rule: .adminOnly, form: { _ in [] }),
        "GET /reports/:unitID/:year/:period": Entry(rule: .unit(.read)),
        "POST /reports/:unitID/:year/:period": Entry(rule: .unit(.edit), form: { t in [("results", "Đã triển khai \(t.serial)")] }),
        "POST /reports/:unitID/:year/:period/submit": Entry(rule: .unit(.edit), form: { _ in [] }),
        "POST /reports/:unitID/:year/:period/review": Entry(rule: .only([
            // Administrators, and plan owners of a unit above the report's unit.
            "admin": ["ST", "ST-CTH"], "chauthanh.kehoach": ["ST-CTH-PNV"],
        ]), form: { _ in [("decision", "return"), ("note", "Bổ sung số liệu")] }),
        "POST /reports/:unitID/:year/:period/remind": Entry(rule: .only([
            // Administrators, and plan owners for the units they manage (their own and those below).
            "admin": ["ST", "ST-CTH"], "chauthanh.kehoach": ["ST-CTH", "ST-CTH-PNV"],
        ]), form: { _ in [] }),
        "GET /reports/:unitID/:year/:period/docx": Entry(rule: .unit(.read)),
        "GET /reports/:unitID/:year/:period/xlsx": Entry(rule: .unit(.read)),
        // The matrix's tasks have no coordinating unit: nobody may contribute (ContributionTests covers those who may).
        "GET /plans/:planID/tasks/:taskID/contribution": Entry(rule: .nobody),
        "POST /plans/:planID/tasks/:taskID/contribution": Entry(rule: .nobody, form: { _ in [("kind", "news_article")] }),
        "POST /plans/:planID/budget": Entry(rule: .planRead, form: { _ in [("assignmentID", UUID().uuidString), ("amount", "1000000")] }),
        "POST /plans/:planID/budget/finance": Entry(rule: .planAuthor, form: { t in [("unit", t.unit.code)] }),
        "POST /plans/:planID/budget/:estimateID/review": Entry(rule: .planRead, form: { _ in [("action", "appraise")] }),
        "GET /plans/timeframe": Entry(rule: .signedIn),
        "GET /plans/:planID/edit": Entry(rule: .planAuthor),
        "POST /plans/:planID": Entry(rule: .planAuthor, form: { t in [("title", "Kế hoạch thử \(t.serial) (sửa)"), ("year", "2026"), ("reason", "thử")] }),
        "GET /plans/:planID/tasks/new": Entry(rule: .planAuthor),
        "POST /plans/:planID/tasks": Entry(rule: .planAuthor, form: { t in
            [("no", "2"), ("content", "Nhiệm vụ thêm \(t.serial)"), ("lead", t.unit.name), ("timeframe", "Quý II/2026"), ("reason", "thử")] }),
        "GET /plans/:planID/tasks/:taskID/edit": Entry(rule: .planAuthor),
        "POST /plans/:planID/tasks/:taskID": Entry(rule: .planAuthor, form: { t in
            [("no", "1"), ("content", "Đăng tin (sửa)"), ("lead", t.unit.name), ("timeframe", "Quý I/2026"), ("reason", "thử")] }),
        "POST /plans/:planID/tasks/:taskID/move": Entry(rule: .planAuthor, form: { _ in [("direction", "down"), ("reason", "thử")] }),
        "POST /plans/:planID/tasks/:taskID/delete": Entry(rule: .planAuthor, form: { _ in [("reason", "thử")] }),
        "GET /plans/:planID/export.json": Entry(rule: .planRead),
        "GET /plans/:planID/export.docx": Entry(rule: .planRead),
        "GET /plans/:planID/export.xlsx": Entry(rule: .planRead),
        "GET /plans/:planID/assignments.csv": Entry(rule: .planRead),
        "GET /api/v1/plans": Entry(rule: .signedIn),
        "POST /api/v1/plans/import": Entry(rule: .registryManager),
        "GET /api/v1/plans/:planID": Entry(rule: .planRead),
        "GET /api/v1/plans/:planID/export": Entry(rule: .planRead),
        "GET /surveys": Entry(rule: .signedIn),
        "GET /surveys/new": Entry(rule: .signedIn),
        "POST /surveys": Entry(rule: .unit(.edit), form: { t in
            [("unitID", t.unit.id?.uuidString ?? ""), ("template", "sipas"), ("title", "Khảo sát \(t.serial)"), ("audience", "citizens"), ("access", "open"),
             ("opensOn", "01/01/2026"), ("closesOn", "31/12/2026"), ("margin", "5")] }),
        "GET /surveys/:surveyID": Entry(rule: .unit(.read)),
        "GET /surveys/:surveyID/edit": Entry(rule: .unit(.edit)),
        "POST /surveys/:surveyID": Entry(rule: .unit(.edit), form: { t in
            [("title", "Khảo sát \(t.serial) (sửa)"), ("audience", "citizens"), ("access", "open"), ("opensOn", "01/01/2026"), ("closesOn", "31/12/2026"),
             ("margin", "5"), ("ruleKind", "favourable")] }),
        "POST /surveys/:surveyID/populations": Entry(rule: .unit(.edit), form: { t in [("pop_\(t.unit.id?.uuidString ?? "")", "100")] }),
        "POST /surveys/:surveyID/invitations": Entry(rule: .unit(.edit), form: { t in [("unitID", t.unit.id?.uuidString ?? ""), ("count", "2")] }),
        "GET /surveys/:surveyID/invitations.csv": Entry(rule: .unit(.edit)),
        "GET /surveys/:surveyID/paper": Entry(rule: .unit(.edit)),
        "POST /surveys/:surveyID/paper": Entry(rule: .unit(.edit), form: { t in [("unitID", t.unit.id?.uuidString ?? ""), ("q1", "0")] }),
        "GET /surveys/:surveyID/responses.csv": Entry(rule: .unit(.read)),
        "GET /surveys/:surveyID/responses.xlsx": Entry(rule: .unit(.read)),
        "GET /surveys/:surveyID/qr.svg": Entry(rule: .unit(.read)),
        "GET /plans/:planID/indicators": Entry(rule: .planRead),
        "GET /s/:code": Entry(rule: .publicRoute),
        "POST /s/:code": Entry(rule: .publicRoute, form: { _ in [("rid", "matran-123456"), ("q1", "0")] }),
        "POST /s/:code/save": Entry(rule: .publicRoute, form: { _ in [("rid", "matran-123456"), ("q1", "0")] }),
        "GET /contests": Entry(rule: .signedIn),
        // Organising a contest: accounts that edit their unit's records (not leaders).
        "GET /contests/new": Entry(rule: .accounts(["admin", "chauthanh.kehoach", "phutam"])),
        "POST /contests": Entry(rule: .accounts(["admin", "chauthanh.kehoach", "phutam"]), form: { t in [("title", "Hội thi \(t.serial)"), ("rules", "Thể lệ")] }),
        "GET /contests/:contestID": Entry(rule: .unit(.read)),
        "POST /contests/:contestID/questions": Entry(rule: .unit(.edit), form: { _ in
            [("text", "Câu 1. Cổng Dịch vụ công quốc gia?\nA. dichvucong.gov.vn\nB. chinhphu.vn\nĐáp án: A")] }),
        "POST /contests/:contestID/questions/file": Entry(rule: .unit(.edit), document: { _ in
            ("cau-hoi.txt", "Câu 1. Cổng Dịch vụ công quốc gia?\nA. dichvucong.gov.vn\nB. chinhphu.vn\nĐáp án: A\n", []) }),
        "POST /contests/:contestID/rounds": Entry(rule: .unit(.edit), form: { _ in
            [("opens", "01/01/2030 07:00"), ("closes", "02/01/2030 07:00"), ("minutes", "10"), ("questions", "5")] }),
        "POST /contests/:contestID/publish": Entry(rule: .unit(.edit), form: { _ in [("round", "1"), ("reason", "Đính chính")] }),
        "POST /contests/:contestID/rounds/creative": Entry(rule: .unit(.edit), form: { _ in
            [("opens", "01/10/2026 07:00"), ("closes", "20/10/2026 17:00"), ("rubric", "Nội dung: 100"), ("judges", "khong.co")] }),
        // A unit under the organiser sends its entry (it may change its own unit's records); the organiser's readers see
        // the entries. The matrix's contest has no creative round: an allowed account gets the 404 that says so.
        "GET /contests/:contestID/rounds/:round/entries": Entry(rule: .only([
            "admin": ["ST", "ST-CTH"], "chauthanh.kehoach": ["ST-CTH", "ST-CTH-PNV", "ST"], "chauthanh.lanhdao": ["ST-CTH", "ST-CTH-PNV"],
            "phutam": ["ST-CTH-XPT", "ST-CTH"]])),
        "POST /contests/:contestID/rounds/:round/entries": Entry(rule: .only([
            "admin": ["ST"], "chauthanh.kehoach": ["ST-CTH", "ST"], "phutam": ["ST-CTH-XPT", "ST-CTH"]]), form: { _ in [("text", "Một hai ba bốn")] }),
        // Judges are named per round (none in the matrix's contest): every signed-in account reaches the round's 404.
        "GET /contests/:contestID/rounds/:round/entries/:entryID/file": Entry(rule: .signedIn),
        "GET /contests/:contestID/rounds/:round/judging": Entry(rule: .signedIn),
        "POST /contests/:contestID/rounds/:round/judging/:entryID": Entry(rule: .signedIn, form: { _ in [("points[]", "1")] }),
        "POST /contests/:contestID/questions/image": Entry(rule: .unit(.edit), form: { _ in [("number", "1")] }),
        // Citizens' questions: the public page, and the staff's side by the unit that answers.
        "GET /hoi-dap": Entry(rule: .publicRoute),
        "POST /hoi-dap": Entry(rule: .publicRoute, form: { t in [("area", "procedures"), ("text", "Câu hỏi thử số \(t.serial) về thủ tục hành chính"), ("consent", "1")] }),
        "GET /hoi-dap/:code": Entry(rule: .publicRoute),
        "GET /questions": Entry(rule: .signedIn),
        "GET /questions/new": Entry(rule: .accounts(["admin", "chauthanh.kehoach", "phutam"])),
        "POST /questions": Entry(rule: .accounts(["admin", "chauthanh.kehoach", "phutam"]), form: { t in
            [("channel", "desk"), ("kind", "question"), ("receivedOn", "01/12/2026"), ("area", "procedures"), ("text", "Câu hỏi nhập tại một cửa số \(t.serial)")] }),
        // The province's settings: its coordinator (no matrix account but the administrator manages the province's top unit).
        "GET /questions/settings": Entry(rule: .accounts(["admin"])),
        "POST /questions/settings": Entry(rule: .accounts(["admin"]), form: { _ in [("routing", "* | | KHONG-CO"), ("answerDays", "20")] }),
        "GET /questions/:questionID": Entry(rule: .unit(.read)),
        // The matrix's question has no file: an allowed reader gets the 404 that says so.
        "GET /questions/:questionID/attachment": Entry(rule: .unit(.read)),
        "POST /questions/:questionID/answer": Entry(rule: .unit(.edit), form: { _ in [("answer", "Dự thảo trả lời"), ("submit", "0")] }),
        // An unknown unit: the allowed get the 422 that names it, and nothing moves.
        "POST /questions/:questionID/forward": Entry(rule: .unit(.edit), form: { _ in [("unit", "KHONG-CO"), ("reason", "Không thuộc thẩm quyền")] }),
        // Approving: a leader of the unit or above, never the account that drafted the answer. The administrator drafted
        // the matrix's answer just before (the answer route comes first), so only the district's leader may; it gets the
        // 409 of an answer not sent for approval.
        "POST /questions/:questionID/approve": Entry(rule: .only(["chauthanh.lanhdao": ["ST-CTH", "ST-CTH-PNV"]]), form: { _ in [] }),
        "POST /questions/:questionID/return": Entry(rule: .only(["chauthanh.lanhdao": ["ST-CTH", "ST-CTH-PNV"]]), form: { _ in [("reason", "Bổ sung căn cứ")] }),
        "GET /api/v1/questions/figures": Entry(rule: .signedIn),
        // Dialogues: a unit's own, recorded by accounts that edit their unit's records. The allowed get a 422 for the
        // empty form (no leaders), the refused a 403.
        "GET /dialogues": Entry(rule: .accounts(["admin", "chauthanh.kehoach", "phutam"])),
        "POST /dialogues": Entry(rule: .accounts(["admin", "chauthanh.kehoach", "phutam"]), form: { _ in [("heldOn", "01/12/2026"), ("title", "Đối thoại")] }),
        "GET /dialogues/:dialogueID": Entry(rule: .unit(.read)),
        "POST /dialogues/:dialogueID/questions": Entry(rule: .unit(.edit), form: { _ in [("text", "Câu hỏi tại đối thoại về thủ tục"), ("answer", "")] }),
        // The radio column: a unit's own, made by accounts that edit their unit's records.
        "GET /questions/radio": Entry(rule: .accounts(["admin", "chauthanh.kehoach", "phutam"])),
        "POST /questions/radio": Entry(rule: .accounts(["admin", "chauthanh.kehoach", "phutam"]), form: { _ in [("month", "10/2026")] }),
        "GET /questions/radio/:columnID": Entry(rule: .unit(.read)),
        "POST /questions/radio/:columnID": Entry(rule: .unit(.edit), form: { _ in [("intro", "Kính thưa quý thính giả")] }),
        // Scoring: the matrix's rule is issued by the target unit and scores the target unit itself. Routes in key order:
        // the allowed approve first (the table is then frozen) and get a 409 for what follows, which is not a refusal.
        "GET /scoring": Entry(rule: .signedIn),
        "GET /scoring/new": Entry(rule: .accounts(["admin", "chauthanh.kehoach"])),
        "POST /scoring": Entry(rule: .accounts(["admin", "chauthanh.kehoach"]), form: { t in
            [("name", "Tiêu chí thử \(t.serial)"), ("year", "2027"), ("level", "commune"), ("kinds[]", "committee"), ("text", ScoringRuleText.dongNaiCommune2022)] }),
        "GET /scoring/:ruleID": Entry(rule: .unit(.read)),
        "GET /scoring/:ruleID/edit": Entry(rule: .scoreAppraise),
        "POST /scoring/:ruleID/edit": Entry(rule: .scoreAppraise, form: { t in
            [("name", "Tiêu chí đích \(t.serial) (sửa)"), ("year", "2026"), ("level", t.unit.level.rawValue), ("kinds[]", t.unit.kind.rawValue),
             ("text", ScoringRuleText.dongNaiCommune2022)] }),
        "POST /scoring/:ruleID/compute": Entry(rule: .scoreAppraise, form: { _ in [] }),
        "POST /scoring/:ruleID/approve": Entry(rule: .scoreApprove, form: { _ in [] }),
        "POST /scoring/:ruleID/copy": Entry(rule: .scoreAppraise, form: { _ in [] }),
        "GET /scoring/:ruleID/table.xlsx": Entry(rule: .unit(.read)),
        "GET /scoring/:ruleID/table.docx": Entry(rule: .unit(.read)),
        "GET /scoring/sheets/:sheetID": Entry(rule: .unit(.read)),
        "POST /scoring/sheets/:sheetID/propose": Entry(rule: .scorePropose, form: { _ in
            [("points", "1,5"), ("reason", "Đã có thêm hoạt động trên mạng xã hội"), ("links", "https://example.vn/tin-bai")] }),
        "POST /scoring/sheets/:sheetID/appraise": Entry(rule: .scoreAppraise, form: { _ in [("points", "1"), ("note", "Điều chỉnh theo hồ sơ")] }),
        "GET /api/v1/scoring": Entry(rule: .signedIn),
        "GET /api/v1/scoring/:ruleID": Entry(rule: .unit(.read)),
        "GET /api/v1/scoring/sheets/:sheetID": Entry(rule: .unit(.read)),
        "GET /questions/radio/:columnID/script.docx": Entry(rule: .unit(.read)),
        // Without a day: the allowed get the 422 that asks for it, and nothing is aired.
        "POST /questions/radio/:columnID/broadcast": Entry(rule: .unit(.edit), form: { _ in [("day", "")] }),
        "GET /contests/:contestID/results.xlsx": Entry(rule: .unit(.read)),
        "GET /contests/:contestID/qr.svg": Entry(rule: .unit(.read)),
        // No round is published in the matrix's contest: an allowed reader gets the 409 that says so, others a 403.
        "GET /contests/:contestID/rounds/:round/notice.docx": Entry(rule: .unit(.read)),
        "GET /thi/:code": Entry(rule: .publicRoute),
        "POST /thi/:code/start": Entry(rule: .publicRoute, form: { t in [("name", "Người thi \(t.serial)"), ("phone", "0912000\(100 + t.serial)"), ("audience", "citizens"), ("consent", "1")] }),
        "GET /thi/:code/bai": Entry(rule: .publicRoute),
        "GET /thi/:code/anh/:number": Entry(rule: .publicRoute),
        "POST /thi/:code/luu": Entry(rule: .publicRoute, form: { _ in [("q1", "0")] }),
        "POST /thi/:code/nop": Entry(rule: .publicRoute, form: { _ in [("q1", "0")] }),
    ]

    static func key(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map(\.description).joined(separator: "/")
    }

    static func expected(_ rule: Rule, viewer: Viewer, target: Target) -> Bool {
        switch rule {
        case .publicRoute, .signedIn: return true
        case .unit(let access): return viewer.may(access, target.unit)
        case .place: return viewer.managesRegistry && viewer.mayPlace(under: target.unit)
        case .retire: return viewer.mayRetireOrMove(target.unit)
        case .registryManager: return viewer.managesRegistry
        case .account: return viewer.mayManage(account: target.user, of: target.unit)
        case .planRead: return viewer.mayRead(planOf: target.unit)
        case .planAuthor: return viewer.mayAuthor(planOf: target.unit)
        case .nobody: return false
        case .adminOnly: return viewer.isAdmin
        case .only(let pairs): return pairs[viewer.user.username]?.contains(target.unit.code) ?? false
        case .accounts(let names): return names.contains(viewer.user.username)
        case .scoreAppraise: return viewer.mayAppraise(scoresOf: target.unit)
        case .scoreApprove: return viewer.mayApprove(scoresOf: target.unit)
        case .scorePropose: return viewer.mayPropose(scoreOf: target.unit)
        }
    }

    @Test func everyRouteAnswersEveryRoleAsTheAccessRuleSays() async throws {
        try await withTestApp { app in
            let keys = Set(app.routes.all.map(Self.key))
            let missing = keys.subtracting(Self.matrix.keys).sorted()
            #expect(missing.isEmpty, "routes without an entry in the access matrix: \(missing)")
            #expect(Set(Self.matrix.keys).subtracting(keys).isEmpty, "matrix entries for routes that do not exist")

            // A commune gets a hamlet, so a reporter has a child unit too.
            let commune = try await unit("ST-CTH-XPT", on: app.db)
            let hamlet = App.Unit(code: "ST-CTH-XPT-A1", name: "Ấp Phú Hữu", kind: .hamlet, level: .below, parent: commune)
            try await hamlet.create(on: app.db)

            var serial = 0
            func target(_ code: String) async throws -> Target {
                serial += 1
                let u = try await unit(code, on: app.db)
                let user = User(username: "dich.\(serial)", passwordHash: app.dummyPasswordHash, fullName: "Tài khoản đích \(serial)",
                                role: .reporter, unitID: try u.requireID())
                try await user.create(on: app.db)
                _ = try await APITokenService.create(on: app.db, user: user, name: "đích", days: 5, actor: .system, now: Date())
                let token = try #require(try await APIToken.query(on: app.db).filter(\.$user.$id == user.requireID()).first())
                let group = try await GroupService.create(name: "Nhóm của \(code)", anchor: u, rule: GroupRule(relation: .children), aliases: [],
                                                          actor: .system, now: Date(), on: app.db)
                var document = Domain.Plan()
                document.year = 2026
                document.title = "Kế hoạch thử \(serial)"
                document.tasks = [PlanTask(no: 1, content: "Đăng tin", lead: [u.name], coordinating: [],
                                           timeframe: TimeframeParser(planYear: 2026).parse("Quý I/2026"))]
                let plan = try await PlanService.store(document, issuer: u, sourceName: nil, actor: .system,
                                                       today: CalendarDate(year: 2026, month: 1, day: 5)!, now: Date(), on: app.db)
                // A second plan, issued, for the work on assignments: its one task led by the target unit.
                document.title = "Kế hoạch đã ban hành \(serial)"
                let issued = try await PlanService.store(document, issuer: u, sourceName: nil, actor: .system,
                                                         today: CalendarDate(year: 2026, month: 1, day: 5)!, now: Date(), on: app.db)
                _ = try await PlanService.issue(issued, .init(number: "\(serial)/KH-MT", issuedOn: CalendarDate(year: 2026, month: 1, day: 6)!,
                                                              signerName: "Người ký"), actor: .system, now: Date(), on: app.db)
                let assignment = try #require(try await Assignment.query(on: app.db).filter(\.$plan.$id == issued.requireID()).first())
                let activity = try await ActivityService.record(
                    .init(kind: .newsArticle, channel: .portal, happenedOn: CalendarDate(year: 2026, month: 1, day: 20)!, title: "Tin bài \(serial)"),
                    upload: .init(filename: "tin-bai.pdf", data: SampleFiles.pdf), on: assignment, plan: issued, actor: .system,
                    storage: app.files, maxBytes: app.config.maxUploadBytes, quota: app.config.unitStorageQuotaBytes, on: app.db)
                let file = try #require(try await EvidenceFile.query(on: app.db).filter(\.$activity.$id == activity.requireID()).first())
                let today = app.clock.today()
                let survey = try await SurveyService.create(
                    .init(title: "Khảo sát đích \(serial)", audience: .citizens, access: .open, opensOn: today.adding(days: -10) ?? today,
                          closesOn: today.adding(days: 10) ?? today, margin: 0.05), template: .sipas, unit: u,
                    viewer: Viewer(user: user, unit: u), now: Date(), on: app.db)
                let contest = try await ContestService.create(.init(title: "Hội thi đích \(serial)", rules: "", consent: ""), unit: u,
                                                              viewer: Viewer(user: user, unit: u), now: Date(), on: app.db)
                let (question, _) = try await QuestionService.ask(
                    .init(name: nil, contact: nil, area: .procedures, channel: .desk, unit: u.code,
                          text: "Câu hỏi đích số \(serial) về thủ tục hành chính của đơn vị", consent: true),
                    province: try await QuestionService.province(of: u, on: app.db), actor: .system, storage: app.files, maxBytes: 1 << 20,
                    today: today, now: Date(), on: app.db)
                // One column per target (a unit is a target of several accounts): a month of its own.
                let month = try #require(YearMonth(year: 2000 + serial, month: 11))
                let column = RadioColumn(unitID: try u.requireID(), month: month,
                                         script: try StoredJSON.encode(RadioScript(station: u.name, month: month,
                                                                                   intro: "Mở đầu", items: [], outro: "Kết", wordsPerMinute: 130)),
                                         by: "system", at: Date())
                try await column.create(on: app.db)
                let dialogue = Dialogue(unitID: try u.requireID(), heldOn: today, title: "Đối thoại đích \(serial)", place: "Hội trường", channel: .onSite,
                                        leaders: "Chủ tịch", topics: "", by: "system", at: Date())
                try await dialogue.create(on: app.db)
                let rules = ScoringRuleSet(issuerID: try u.requireID(), year: 2026, name: "Tiêu chí đích \(serial)", level: u.level, kinds: [u.kind],
                                           text: ScoringRuleText.dongNaiCommune2022, by: "system", at: Date())
                try await rules.create(on: app.db)
                let ruleText = try #require(rules.rule)
                let sheet = ScoreSheet(ruleID: try rules.requireID(), unitID: try u.requireID(),
                                       card: try StoredJSON.encode(ScoreEvaluator.score(ruleText, UnitMeasures())), computed: 0, at: Date())
                try await sheet.create(on: app.db)
                return Target(unit: u, user: user, tokenID: try token.requireID(), groupID: try group.requireID(),
                              planID: try plan.requireID(),
                              taskID: try #require(try await TaskEntry.query(on: app.db).filter(\.$plan.$id == plan.requireID()).first()?.id),
                              assignmentID: try assignment.requireID(), activityID: try activity.requireID(), fileID: try file.requireID(),
                              surveyID: try survey.requireID(), surveyCode: survey.publicCode,
                              contestID: try contest.requireID(), contestCode: contest.publicCode,
                              questionID: try question.requireID(), questionCode: question.code,
                              columnID: try column.requireID(), dialogueID: try dialogue.requireID(),
                              ruleID: try rules.requireID(), sheetID: try sheet.requireID(), serial: serial)
            }
            let cases: [(account: String, targets: [String])] = [
                ("admin", ["ST", "ST-CTH"]),
                ("chauthanh.kehoach", ["ST-CTH", "ST-CTH-PNV", "ST-VC", "ST"]),
                ("chauthanh.lanhdao", ["ST-CTH", "ST-CTH-PNV", "ST-VC", "ST"]),
                ("phutam", ["ST-CTH-XPT", "ST-CTH-XPT-A1", "ST-CTH-PNV", "ST-CTH"]),
            ]
            var checked = 0
            for (account, codes) in cases {
                var b = Browser(app)
                try await b.login(account)
                let me = try #require(try await User.query(on: app.db).filter(\.$username == account).with(\.$unit).first())
                let viewer = Viewer(user: me, unit: me.unit)
                let token = try await APITokenService.create(on: app.db, user: me, name: "ma trận", days: 5, actor: .system, now: Date())
                for code in codes {
                    let t = try await target(code)
                    for route in app.routes.all.sorted(by: { Self.key($0) < Self.key($1) }) {
                        let k = Self.key(route)
                        guard let entry = Self.matrix[k], k != "POST /logout", k != "POST /login" else { continue }
                        _ = try await APITokenService.create(on: app.db, user: me, name: "riêng", days: 5, actor: .system, now: Date())
                        let ownTokenID = try #require(try await APIToken.query(on: app.db).filter(\.$user.$id == me.requireID())
                            .filter(\.$name == "riêng").filter(\.$revokedAt == nil).first()?.id)
                        let path = "/" + route.path.map { c -> String in
                            guard case .parameter(let name) = c else { return c.description }
                            switch name {
                            case "unitID": return t.unit.id?.uuidString ?? ""
                            case "userID": return t.user.id?.uuidString ?? ""
                            case "groupID": return t.groupID.uuidString
                            case "planID": return t.planID.uuidString
                            case "taskID": return t.taskID.uuidString
                            case "estimateID": return UUID().uuidString
                            case "assignmentID": return t.assignmentID.uuidString
                            case "activityID": return t.activityID.uuidString
                            case "fileID": return t.fileID.uuidString
                            case "surveyID": return t.surveyID.uuidString
                            case "code": return k.contains("/thi/") ? t.contestCode : k.contains("/hoi-dap/") ? t.questionCode : t.surveyCode
                            case "questionID": return t.questionID.uuidString
                            case "columnID": return t.columnID.uuidString
                            case "dialogueID": return t.dialogueID.uuidString
                            case "ruleID": return t.ruleID.uuidString
                            case "sheetID": return t.sheetID.uuidString
                            case "contestID": return t.contestID.uuidString
                            case "year": return "2026"
                            case "period": return "q1"
                            case "round": return "1"
                            case "tokenID": return (k.hasPrefix("POST /account") ? ownTokenID : t.tokenID).uuidString
                            default: return name
                            }
                        }.joined(separator: "/")
                        let status: UInt
                        var body = ""
                        if k.contains("/api/") {
                            let res = try await app.testing().sendRequest(route.method, path, headers: ["Authorization": "Bearer \(token)"])
                            status = res.status.code
                        } else if let document = entry.document {
                            try await b.get("/plans/import")
                            let (name, content, fields) = document(t)
                            let res = try await b.postMultipart(path, fileField: "file", filename: name, content: content, fields: fields)
                            status = res.status.code
                            body = res.body.string
                        } else if let csv = entry.csv {
                            try await b.get("/units/import")
                            let res = try await b.postMultipart(path, fileField: "file", filename: "m.csv", content: csv(t))
                            status = res.status.code
                            body = res.body.string
                        } else if let form = entry.form {
                            try await b.get("/account")
                            let res = try await b.post(path, form(t))
                            status = res.status.code
                            body = res.body.string
                        } else {
                            status = try await b.get(path).status.code
                        }
                        let refused = status == 403 || (status == 422 && (body.contains("phạm vi") || body.contains("không được cấp")))
                        let allowed = Self.expected(entry.rule, viewer: viewer, target: t)
                        #expect(status < 500, "\(account) → \(k) on \(code): \(status)")
                        #expect(refused == !allowed, "\(account) → \(k) on \(code): got \(status), expected \(allowed ? "allowed" : "refused")")
                        checked += 1
                    }
                }
                // Signing out ends it all.
                #expect(try await b.post("/logout", []).status == .seeOther)
                #expect(try await b.get("/").status == .seeOther)
            }
            #expect(checked > 400)

            // Without an account: public routes answer, the others send to the login page or refuse.
            var anonymous = Browser(app)
            for route in app.routes.all {
                let k = Self.key(route)
                guard let entry = Self.matrix[k] else { continue }
                let path = "/" + route.path.map { c -> String in
                    if case .parameter = c { return UUID().uuidString }
                    return c.description
                }.joined(separator: "/")
                let res = route.method == .GET ? try await anonymous.get(path) : try await anonymous.post(path, [], withCSRF: false)
                let code = res.status.code
                // A public survey path with a code that names no survey is a 404.
                if case .publicRoute = entry.rule { #expect(code < 400 || (route.method == .POST && (code == 403 || code == 422)) || ((k.hasPrefix("\(route.method.rawValue) /s/") || k.hasPrefix("\(route.method.rawValue) /thi/") || k.hasPrefix("\(route.method.rawValue) /hoi-dap/")) && code == 404),
                                                           "anonymous \(k): \(code)") }
                else {
                    let sentToLogin = code == 303 && res.headers.first(name: .location)?.hasPrefix("/login") == true
                    #expect(sentToLogin || code == 401 || code == 403, "anonymous \(k): \(code)")
                }
            }
        }
    }
}
