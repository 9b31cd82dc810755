import Domain
import Fluent
import Vapor

/// Importing a plan document, the same for the page and the API: who may, for which unit, the file checked and
/// parsed, the document's own issuer compared with the unit it is filed under, then stored as a draft.
enum PlanImport {
    static func run(file: File?, unitQuery: String, viewer: Viewer, client: ClientConnection? = nil, app: Application,
                    db: any Database) async throws -> Plan {
        guard viewer.mayImportPlans else { throw AppError.forbidden }
        let issuer = try await issuingUnit(unitQuery, viewer: viewer, on: db)
        guard let file, file.data.readableBytes > 0 else {
            throw AppError(.unprocessableEntity, "Vui lòng chọn tệp văn bản kế hoạch (.docx, .pdf, .txt, .md hoặc .html).")
        }
        let document = try await PlanService.parse(Data(buffer: file.data), filename: file.filename, maxBytes: app.config.maxUploadBytes,
                                                   reader: app.documentReader, client: client)
        if let named = try await PlanService.namedIssuer(document, on: db), named.id != issuer.id {
            guard viewer.mayAuthor(planOf: named) else {
                throw AppError(.forbidden, "Văn bản này là kế hoạch của \(named.name); bạn chỉ được nhập kế hoạch của \(viewer.unit.name).")
            }
            throw AppError(.unprocessableEntity, "Văn bản này là kế hoạch của \(named.name), không phải của \(issuer.name). Hãy chọn đúng đơn vị ban hành.")
        }
        return try await PlanService.store(document, issuer: issuer, sourceName: file.filename, actor: viewer.actor,
                                           today: app.clock.today(), now: app.clock.now(), on: db)
    }

    /// The unit the plan is filed under: a plan owner's own unit; for administrators the unit typed (code or name).
    static func issuingUnit(_ query: String, viewer: Viewer, on db: any Database) async throws -> Unit {
        let typed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !typed.isEmpty, typed.uppercased() != viewer.unit.code.uppercased() else {
            guard viewer.mayAuthor(planOf: viewer.unit) else { throw AppError.forbidden }
            return viewer.unit
        }
        switch try await UnitPicker.resolve(id: nil, query: typed, allowed: { _ in true }, date: nil, on: db) {
        case .unit(let unit):
            guard viewer.mayAuthor(planOf: unit) else {
                throw AppError(.forbidden, "Bạn chỉ được nhập kế hoạch của \(viewer.unit.name), không phải của \(unit.name).")
            }
            return unit
        case .choose:
            throw AppError(.unprocessableEntity, "Có nhiều đơn vị khớp với \"\(typed)\". Hãy nhập mã đơn vị ban hành.")
        case .none, .notFound:
            throw AppError(.unprocessableEntity, "Không tìm thấy đơn vị ban hành \"\(typed)\". Hãy nhập mã hoặc tên đơn vị.")
        }
    }
}
