import Fluent
import Foundation
import SQLKit
import Testing
@testable import App
import Domain

/// Kinds, levels and roles are typed values; validity dates are dates (PostgreSQL `date` columns).
@Suite struct StorageTypeTests {
    @Test func validityDatesAreDatesAndCompareAsDates() async throws {
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            if sql.dialect.name == "postgresql" {
                let rows = try await sql.raw("""
                    SELECT table_name, column_name, data_type FROM information_schema.columns
                    WHERE column_name IN ('valid_from', 'valid_to') AND table_schema = current_schema()
                    """).all()
                #expect(rows.count == 6) // units, groups and unit aliases
                for row in rows { #expect(try row.decode(column: "data_type", as: String.self) == "date") }
            }
            let pnv = try await unit("ST-CTH-PNV", on: app.db)
            try await app.db.write { db in
                pnv.validTo = CalendarDate("2025-06-30")
                try await pnv.save(on: db)
            }
            let reloaded = try await unit("ST-CTH-PNV", on: app.db)
            #expect(reloaded.validTo == CalendarDate(year: 2025, month: 6, day: 30))
            #expect(reloaded.kind == .office)
            let endedBefore = try await App.Unit.query(on: app.db).filter(\.$validTo < CalendarDate("2025-07-01")).all().map(\.code)
            #expect(endedBefore == ["ST-CTH-PNV"])
            let stillValid = try await App.Unit.query(on: app.db).filter(\.$validTo >= CalendarDate("2025-06-30")).count()
            #expect(stillValid == 1)
            let admins = try await User.query(on: app.db).filter(\.$role == .admin).all().map(\.username)
            #expect(admins == ["admin"])
        }
    }
}
