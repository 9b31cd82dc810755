import Foundation
import ZIPFoundation

/// An Office Open XML file (.docx, .xlsx): a zip of XML parts.
enum OfficePackage {
    static func zip(_ parts: [(path: String, xml: String)]) throws -> Data {
        let archive: Archive
        do {
            archive = try Archive(accessMode: .create)
        } catch {
            throw PlanExportError.cannotCreate
        }
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            do {
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate,
                                     provider: { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) })
            } catch {
                throw PlanExportError.cannotCreate
            }
        }
        guard let data = archive.data else { throw PlanExportError.cannotCreate }
        return data
    }
}
