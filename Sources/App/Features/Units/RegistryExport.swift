import Fluent
import Vapor
import Domain

/// The registry (or a group's members) as CSV or Excel, in the columns the import page reads, so an
/// exported file can be edited and imported back. Contact details only for units the account may read.
enum RegistryExport {
    static let header = ["ma", "ten", "ten_viet_tat", "loai", "cap", "ma_don_vi_cha", "ten_goi_khac", "hieu_luc_tu", "hieu_luc_den",
                         "dia_chi", "dien_thoai", "thu_dien_tu"]
    static let widths = [18, 50, 14, 28, 12, 18, 40, 12, 12, 40, 16, 30]

    static func rows(_ units: [Unit], viewer: Viewer, on db: any Database) async throws -> [[String]] {
        let ids = units.compactMap(\.id)
        var aliases: [UUID: [String]] = [:]
        for chunk in ids.chunked(UnitImportService.batch) {
            for alias in try await UnitAlias.query(on: db).filter(\.$unit.$id ~~ Array(chunk)).all() {
                aliases[alias.$unit.id, default: []].append(alias.name)
            }
        }
        var codeOf: [UUID: String] = [:]
        for u in units { if let id = u.id { codeOf[id] = u.code } }
        let missingParents = Set(units.compactMap { $0.$parent.id }).subtracting(codeOf.keys)
        for chunk in Array(missingParents).chunked(UnitImportService.batch) {
            for p in try await Unit.query(on: db).filter(\.$id ~~ Array(chunk)).all() { if let id = p.id { codeOf[id] = p.code } }
        }
        return units.map { u in
            let readable = viewer.may(.read, u)
            return [u.code, u.name, u.shortName ?? "", u.kind.label, u.level.label, u.$parent.id.flatMap { codeOf[$0] } ?? "",
                    (u.id.flatMap { aliases[$0] } ?? []).sorted().joined(separator: "|"), u.validFrom?.display ?? "", u.validTo?.display ?? "",
                    readable ? u.address ?? "" : "", readable ? u.phone ?? "" : "", readable ? u.email ?? "" : ""]
        }
    }

    static func response(_ rows: [[String]], name: String, format: String) throws -> Response {
        let response: Response
        if format == "xlsx" {
            let data = try XlsxWriter.data(sheet: "Danh mục đơn vị", header: header, rows: rows, widths: widths)
            response = Response(status: .ok, body: .init(data: data))
            response.headers.replaceOrAdd(name: .contentType, value: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        } else {
            response = Response(status: .ok, body: .init(string: CSVWriter.text(header: header, rows: rows)))
            response.headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        }
        response.headers.replaceOrAdd(name: .contentDisposition, value: ContentDisposition.attachment(filename: "\(name).\(format)"))
        return response
    }
}
