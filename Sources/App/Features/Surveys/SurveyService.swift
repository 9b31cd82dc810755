import Domain
import Fluent
import Foundation
import Vapor

/// Creating and changing surveys, their populations and invitations, and keying in paper answers; every change
/// written to the audit log.
enum SurveyService {
    struct Settings: Sendable {
        var title: String
        var audience: Survey.Audience
        var access: Survey.Access
        var opensOn: CalendarDate
        var closesOn: CalendarDate
        var margin: Double
        var planID: UUID?
        var targetIndex: Int?
        var targetPercent: Double?
    }

    /// Reads and checks the settings form; field errors in Vietnamese.
    static func settings(title: String?, audience: String?, access: String?, opensOn: String?, closesOn: String?, margin: String?,
                         target: String?, targetPercent: String?, errors: inout [String: String]) -> Settings? {
        let title = VietnameseText.clean(title ?? "")
        if title.isEmpty { errors["title"] = "Nhập tên đợt khảo sát." } else if title.count > 300 { errors["title"] = "Tên tối đa 300 ký tự." }
        let audience = audience.flatMap(Survey.Audience.init(rawValue:))
        if audience == nil { errors["audience"] = "Chọn đối tượng khảo sát." }
        let access = access.flatMap(Survey.Access.init(rawValue:))
        if access == nil { errors["access"] = "Chọn cách mời trả lời." }
        let opens = opensOn.flatMap { UnitCSVImport.parseDate($0) }
        if opens == nil { errors["opensOn"] = "Ngày mở theo dạng dd/mm/yyyy." }
        let closes = closesOn.flatMap { UnitCSVImport.parseDate($0) }
        if closes == nil { errors["closesOn"] = "Ngày đóng theo dạng dd/mm/yyyy." }
        if let opens, let closes, closes < opens { errors["closesOn"] = "Ngày đóng phải sau ngày mở." }
        let marginText = (margin ?? "").replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: "%", with: "").trimmingCharacters(in: .whitespaces)
        let marginValue = marginText.isEmpty ? SamplePlan.defaultMargin * 100 : Double(marginText)
        if marginValue == nil || !(1...20).contains(marginValue ?? 0) { errors["margin"] = "Sai số cho phép từ 1 đến 20 (%)." }
        var planID: UUID?
        var targetIndex: Int?
        if let target, !target.isEmpty {
            let parts = target.split(separator: ":")
            if parts.count == 2, let id = UUID(uuidString: String(parts[0])), let index = Int(parts[1]), index >= 0 {
                planID = id
                targetIndex = index
            } else {
                errors["target"] = "Chọn chỉ tiêu trong danh sách."
            }
        }
        let percentText = (targetPercent ?? "").replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: "%", with: "").trimmingCharacters(in: .whitespaces)
        var percent: Double?
        if !percentText.isEmpty {
            percent = Double(percentText)
            if percent == nil || !(0...100).contains(percent ?? -1) { errors["targetPercent"] = "Chỉ tiêu là một số từ 0 đến 100 (%)." }
        }
        guard errors.isEmpty, let audience, let access, let opens, let closes, let marginValue else { return nil }
        return Settings(title: title, audience: audience, access: access, opensOn: opens, closesOn: closes, margin: marginValue / 100,
                        planID: planID, targetIndex: targetIndex, targetPercent: percent)
    }

    /// The plan target a survey measures, checked: a plan the viewer may read, a target it has.
    static func resolveTarget(_ settings: inout Settings, viewer: Viewer, on db: any Database) async throws -> String? {
        guard let planID = settings.planID, let index = settings.targetIndex else { return nil }
        guard let plan = try await Plan.query(on: db).filter(\.$id == planID).with(\.$unit).first(), viewer.mayRead(planOf: plan.unit),
              plan.sections.targets.indices.contains(index) else {
            return "Chỉ tiêu đã chọn không thuộc kế hoạch bạn được xem."
        }
        if settings.targetPercent == nil { settings.targetPercent = plan.sections.targets[index].percent }
        return nil
    }

    static func apply(_ settings: Settings, to survey: Survey) {
        survey.title = settings.title
        survey.audience = settings.audience
        survey.access = settings.access
        survey.opensOn = settings.opensOn
        survey.closesOn = settings.closesOn
        survey.margin = settings.margin
        survey.$plan.id = settings.planID
        survey.targetIndex = settings.targetIndex
        survey.targetPercent = settings.targetPercent
    }

    static func create(_ settings: Settings, template: SurveyTemplate, unit: Unit, viewer: Viewer, now: Date, on db: any Database) async throws -> Survey {
        let survey = Survey()
        survey.id = UUID()
        survey.$unit.id = try unit.requireID()
        apply(settings, to: survey)
        try survey.setQuestionnaire(template.questionnaire)
        try survey.setRule(template.rule)
        survey.publicCode = [UInt8].random(count: 9).hex
        survey.createdBy = viewer.user.username
        survey.createdAt = now
        survey.updatedAt = now
        try await db.audited(by: viewer.actor, at: now) { db, audit in
            try await survey.create(on: db)
            // The units right below start with no population: the owner fills them in on the survey's page.
            try await audit.record(.create, .survey, id: survey.id, unit: unit.id, summary: "Tạo đợt khảo sát “\(survey.title)” (\(template.title))",
                                   before: SurveyState?.none, after: try SurveyState(survey))
        }
        return survey
    }

    /// Changes the settings, the indicator rule and, while no answer has been received, the questions.
    static func update(_ survey: Survey, settings: Settings, questionnaire: Questionnaire?, rule: IndicatorRule, viewer: Viewer, now: Date,
                       on db: any Database) async throws {
        try await db.audited(by: viewer.actor, at: now) { db, audit in
            let before = try SurveyState(survey)
            if let questionnaire {
                let answered = try await SurveyResponse.query(on: db).filter(\.$survey.$id == survey.requireID()).count()
                guard answered == 0 else {
                    throw AppError(.conflict, "Đã có phiếu trả lời: không sửa được câu hỏi (chỉ sửa được thông tin đợt khảo sát và cách tính chỉ số).")
                }
                try survey.setQuestionnaire(questionnaire)
            }
            apply(settings, to: survey)
            try survey.setRule(rule)
            survey.updatedAt = now
            try await survey.save(on: db)
            try await audit.record(.update, .survey, id: survey.id, unit: survey.$unit.id, summary: "Sửa đợt khảo sát “\(before.title)”" + (questionnaire != nil ? " và bảng câu hỏi" : ""),
                                   before: before, after: try SurveyState(survey))
        }
    }

    static func savePopulations(_ survey: Survey, _ values: [UUID: Int], viewer: Viewer, now: Date, on db: any Database) async throws {
        let surveyID = try survey.requireID()
        try await db.audited(by: viewer.actor, at: now) { db, audit in
            let before = try await SurveyPopulation.query(on: db).filter(\.$survey.$id == surveyID).all()
                .reduce(into: [String: Int]()) { $0[$1.$unit.id.uuidString] = $1.population }
            try await SurveyPopulation.query(on: db).filter(\.$survey.$id == surveyID).delete()
            for (unitID, population) in values where population > 0 {
                try await SurveyPopulation(surveyID: surveyID, unitID: unitID, population: population).create(on: db)
            }
            try await audit.record(.update, .survey, id: surveyID, unit: survey.$unit.id, summary: "Cập nhật quy mô đối tượng khảo sát: \(values.values.saturatedSum { $0 }) người, \(values.filter { $0.value > 0 }.count) đơn vị",
                                   before: ["populations": before],
                                   after: ["populations": Dictionary(uniqueKeysWithValues: values.filter { $0.value > 0 }.map { ($0.key.uuidString, $0.value) })])
        }
    }

    static let maxInvitationsPerRequest = 2_000

    static func invite(_ survey: Survey, unit: Unit, count: Int, viewer: Viewer, now: Date, on db: any Database) async throws {
        let surveyID = try survey.requireID()
        let unitID = try unit.requireID()
        try await db.audited(by: viewer.actor, at: now) { db, audit in
            for chunk in Array(0..<count).chunked(500) {
                try await chunk.map { _ in SurveyInvitation(surveyID: surveyID, unitID: unitID, token: [UInt8].random(count: 10).hex, at: now) }.create(on: db)
            }
            try await audit.record(.create, .surveyInvitation, id: surveyID, unit: unitID, summary: "Tạo \(count) mã mời trả lời khảo sát “\(survey.title)” cho \(unit.name)")
        }
    }
}

/// A survey's settings, as the audit log compares them (the questions are summarised by their count).
struct SurveyState: Encodable, Sendable {
    let title: String
    let audience: String
    let access: String
    let opensOn: String
    let closesOn: String
    let targetPercent: Double?
    let questions: Int

    init(_ survey: Survey) throws {
        title = survey.title
        audience = survey.audience.label
        access = survey.access.rawValue
        opensOn = survey.opensOn.display
        closesOn = survey.closesOn.display
        targetPercent = survey.targetPercent
        questions = try survey.questionnaire.questions.count
    }
}
