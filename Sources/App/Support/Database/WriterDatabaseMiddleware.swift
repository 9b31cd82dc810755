import Fluent
import SQLKit
import Vapor

/// Runs each request with the writer connections at hand (embedded database only).
struct WriterDatabaseMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let databases = request.application.databases
        guard databases.configuration(for: .sqliteWriter) != nil,
              let writer = databases.database(.sqliteWriter, logger: request.logger, on: request.eventLoop) else {
            return try await next.respond(to: request)
        }
        return try await WriteScope.$writer.withValue(writer) { try await next.respond(to: request) }
    }
}
