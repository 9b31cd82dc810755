import Domain
import Fluent
import Foundation
import Vapor

/// Plans: stored from a parsed document, read back as `cchc.plan/v1`, names resolved, issued into assignments.
enum PlanService {
    /// Reads an uploaded document (any format the importer reads) into a plan, in a child process under the
    /// configured limits; the importer's message on failure.
    static func parse(_ data: Data, filename: String, maxBytes: Int, reader: DocumentReader?,
                      client: ClientConnection? = nil) async throws -> Domain.Plan {
        let ext = (filename as NSString).pathExtension.lowercased()
        guard PlanImporter.supportedExtensions.contains(ext) else {
            throw AppError(.unsupportedMediaType, PlanImportError.unsupportedFormat(ext.isEmpty ? "không có đuôi" : ext).description)
        }
        guard let reader else { throw AppError(.serviceUnavailable, "Máy chủ chưa sẵn sàng đọc tệp kế hoạch.") }
        return try await reader.read(data, filename: filename, maxBytes: maxBytes, client: client)
    }

    /// The committee a document names as its issuer, when the registry knows it ("UBND HUYỆN CHÂU THÀNH").
    static func namedIssuer(_ document: Domain.Plan, on db: any Database) async throws -> Unit? {
        guard let issuer = document.issuer, !issuer.isEmpty else { return nil }
        let key = UnitNameKey.of(issuer)
        let committees = try await Unit.query(on: db).filter(\.$kind == .committee).all()
        return committees.first { UnitNameKey.of($0.name) == key || UnitNameKey.of($0.shortName ?? "") == key }
    }

    /// Stores a parsed document as a draft plan of `issuer`, every name in its task table resolved against the
    /// registry as it stood on the plan's date. One transaction: all of it or nothing.
    static func store(_ document: Domain.Plan, issuer: Unit, sourceName: String?, parentPlanID: UUID? = nil,
                      actor: AuditActor, today: CalendarDate, now: Date, on db: any Database) async throws -> Plan {
        let year = document.year ?? document.issuedOn?.year ?? today.year
        let date = document.issuedOn ?? today
        let directory = try await UnitDirectory.load(issuer: issuer, on: date, db: db)
        let plan = Plan(unitID: try issuer.requireID(), year: year, title: document.title ?? "Kế hoạch tuyên truyền cải cách hành chính năm \(year)")
        plan.$parentPlan.id = parentPlanID
        plan.number = document.number.flatMap { $0.isEmpty ? nil : $0 }
        plan.issuedOn = document.issuedOn
        plan.place = document.place
        plan.issuerName = document.issuer
        plan.signerAuthority = document.signer?.authority
        plan.signerTitle = document.signer?.title
        plan.signerName = document.signer?.name
        plan.budget = document.budget
        plan.sourceName = sourceName
        plan.sections = PlanSections(legalBases: document.legalBases, targets: document.targets, audiences: document.audiences,
                                     topics: document.topics, forms: document.forms, responsibilities: document.responsibilities,
                                     recipients: document.recipients, warnings: document.warnings)
        plan.refreshSearchKey()
        try await db.audited(by: actor, at: now) { db, audit in
            // Inside the write: two uploads of one plan at the same instant cannot both pass (the second is a 409).
            if let number = plan.number {
                try await requireUniqueNumber(number, unitID: try issuer.requireID(), year: year, except: nil, on: db)
            }
            try await plan.create(on: db)
            let planID = try plan.requireID()
            for (position, task) in document.tasks.enumerated() {
                let entry = TaskEntry(planID: planID, position: position, task: task)
                try await entry.create(on: db)
                let taskID = try entry.requireID()
                let names = task.lead.map { (TaskUnit.Role.lead, $0) } + task.coordinating.map { (TaskUnit.Role.coordinating, $0) }
                for (index, (role, name)) in names.enumerated() {
                    try await TaskUnit(taskID: taskID, planID: planID, role: role, position: index, name: name,
                                       resolution: directory.resolve(name)).create(on: db)
                }
            }
            try await audit.record(.create, .plan, id: planID, unit: issuer.id, summary: "Tạo dự thảo kế hoạch \"\(plan.title)\" (\(document.tasks.count) nhiệm vụ)"
                                              + (sourceName.map { " từ tệp \($0)" } ?? ""),
                                   before: [String: String]?.none,
                                   after: ["title": plan.title, "tasks": String(document.tasks.count), "file": sourceName ?? ""])
        }
        return plan
    }

    static func requireUniqueNumber(_ number: String, unitID: UUID, year: Int, except planID: UUID?, on db: any Database) async throws {
        let same = try await Plan.query(on: db).filter(\.$unit.$id == unitID).filter(\.$year == year).filter(\.$number == number).all()
        if same.contains(where: { $0.id != planID }) {
            throw AppError(.conflict, "Đơn vị đã có kế hoạch số \(number) năm \(year). Hãy kiểm tra lại số văn bản.")
        }
    }

    static func find(_ id: UUID, on db: any Database) async throws -> Plan {
        guard let plan = try await Plan.query(on: db).filter(\.$id == id).with(\.$unit).first() else {
            throw AppError.notFound("Không tìm thấy kế hoạch.")
        }
        return plan
    }

    static func tasks(of plan: Plan, on db: any Database) async throws -> [TaskEntry] {
        try await TaskEntry.query(on: db).filter(\.$plan.$id == plan.requireID()).with(\.$units).sort(\.$position).all()
            .map { task in
                task.$units.value = task.units.sorted { ($0.role == .lead ? 0 : 1, $0.position) < ($1.role == .lead ? 0 : 1, $1.position) }
                return task
            }
    }

    /// The plan in the interchange form `cchc.plan/v1`, read for a download.
    static func document(_ plan: Plan, on db: any Database) async throws -> Domain.Plan {
        let table = try await PlanReadModel.load(planID: plan.requireID(), on: db)
        var doc = document(plan, tasks: [])
        doc.tasks = table.tasks.map { task in
            let links = table.links[task.id] ?? []
            return PlanTask(no: task.no, content: task.content, product: task.product, lead: links.filter { $0.role == .lead }.map(\.name),
                            coordinating: links.filter { $0.role == .coordinating }.map(\.name), timeframe: task.timeframe, notes: task.notes)
        }
        return doc
    }

    /// The plan in the interchange form `cchc.plan/v1`.
    static func document(_ plan: Plan, tasks: [TaskEntry]) -> Domain.Plan {
        var doc = Domain.Plan()
        doc.issuer = plan.issuerName ?? plan.$unit.value?.name
        doc.number = plan.number
        doc.issuedOn = plan.issuedOn
        doc.place = plan.place
        doc.year = plan.year
        doc.title = plan.title
        doc.draft = plan.status == .draft
        doc.legalBases = plan.sections.legalBases
        doc.targets = plan.sections.targets
        doc.audiences = plan.sections.audiences
        doc.topics = plan.sections.topics
        doc.forms = plan.sections.forms
        doc.responsibilities = plan.sections.responsibilities
        doc.budget = plan.budget
        doc.recipients = plan.sections.recipients
        if plan.signerAuthority != nil || plan.signerTitle != nil || plan.signerName != nil {
            doc.signer = Signer(authority: plan.signerAuthority, title: plan.signerTitle, name: plan.signerName)
        }
        doc.warnings = plan.sections.warnings
        doc.tasks = tasks.map { task in
            PlanTask(no: task.no, content: task.content, product: task.product,
                     lead: task.units.filter { $0.role == .lead }.map(\.name),
                     coordinating: task.units.filter { $0.role == .coordinating }.map(\.name),
                     timeframe: task.timeframe, notes: task.notes)
        }
        return doc
    }
}
