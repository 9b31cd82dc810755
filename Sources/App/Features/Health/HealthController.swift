import Fluent
import SQLKit
import Vapor

struct HealthController: RouteCollection {
    struct Status: Content {
        let status: String
        let database: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.health, use: health)
    }

    /// 200 when the database answers a query, 503 when it does not.
    @Sendable func health(req: Request) async throws -> Response {
        do {
            guard let sql = req.db as? any SQLDatabase else { throw AppError(.serviceUnavailable, "no SQL database") }
            try await sql.raw("SELECT 1").run()
            return try await Status(status: "ok", database: "ok").encodeResponse(status: .ok, for: req)
        } catch {
            req.logger.warning("health check failed: \(error)")
            return try await Status(status: "unavailable", database: "unreachable").encodeResponse(status: .serviceUnavailable, for: req)
        }
    }
}
