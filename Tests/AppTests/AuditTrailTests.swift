import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
import Domain

@Suite struct AuditTrailTests {
    /// An entry is stored with the change it describes or not at all: a write that fails after recording leaves no entry.
    @Test func anEntryIsStoredOnlyWithItsChange() async throws {
        try await withTestApp { app in
            let before = try await AuditEntry.query(on: app.db).count()
            let unit = try await unit("ST-CTH-XPT", on: app.db)
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await app.db.audited(by: .system, at: Date()) { db, audit in
                    unit.phone = "0299 000 111"
                    try await unit.save(on: db)
                    try await audit.record(.update, .unit, id: unit.id, unit: unit.id, summary: "Thử", before: ["phone": ""], after: ["phone": "0299 000 111"])
                    throw Refused()
                }
            }
            #expect(try await AuditEntry.query(on: app.db).count() == before)
            #expect(try await App.Unit.find(unit.id, on: app.db)?.phone != "0299 000 111")
            try await app.db.audited(by: .system, at: Date()) { db, audit in
                try await audit.record(.update, .unit, id: unit.id, unit: unit.id, summary: "Thử lại", before: ["phone": ""], after: ["phone": "1"])
            }
            let stored = try #require(try await AuditEntry.query(on: app.db).filter(\.$summary == "Thử lại").first())
            #expect(stored.action == .update && stored.entityType == .unit)
            #expect(stored.before == #"{"phone":""}"# && stored.after == #"{"phone":"1"}"#)
        }
    }

    /// The log's filter offers every kind of record, and filtering by one shows that kind only.
    @Test func theLogFiltersByEveryKind() async throws {
        try await withTestApp { app in
            var admin = Browser(app)
            try await admin.login("admin")
            let page = try await admin.get("/audit").body.string
            for kind in AuditEntity.allCases {
                #expect(page.contains("value=\"\(kind.rawValue)\""), "\(kind)")
            }
            for label in ["Kế hoạch", "Báo cáo", "Khảo sát", "Phân công", "Kết quả thực hiện", "Sắp xếp đơn vị"] {
                #expect(page.contains(">\(label)</option>"), "\(label)")
            }
            let unit = try await unit("ST-CTH-TTVH", on: app.db)
            try await admin.get("/units/\(try unit.requireID())/contact")
            #expect(try await admin.post("/units/\(try unit.requireID())/contact", [("phone", "0299 555 666")]).status == .seeOther)
            let units = try await admin.get("/audit?type=unit").body.string
            #expect(units.contains("Cập nhật thông tin liên hệ"))
            let logins = try await admin.get("/audit?type=user").body.string
            #expect(logins.contains("Đăng nhập từ"))
            #expect(!logins.contains("Cập nhật thông tin liên hệ"))
            let reports = try await admin.get("/audit?type=report").body.string
            #expect(!reports.contains("Đăng nhập từ") && !reports.contains("Cập nhật thông tin liên hệ"))
        }
    }

    /// Every entry is written by the audited-write helpers, in the transaction of its change: no other code builds or
    /// stores an `AuditEntry`.
    @Test func entriesAreWrittenOnlyByTheAuditedWrite() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/App").standardized
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(files.count > 50)
        var offenders: [String] = []
        for file in files where !file.hasSuffix("Audit/AuditedChange.swift") && !file.hasSuffix("Models/AuditEntry.swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if line.contains("AuditService.record") || line.contains("AuditEntry(") || line.contains("into: AuditEntry.schema") {
                    offenders.append("\(file):\(n + 1)")
                }
            }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }
}
