import Crypto
import Vapor

struct StaticFilesMiddleware: AsyncMiddleware {
    let files: StaticFiles

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .GET || request.method == .HEAD, let entry = files.files[request.url.path] else {
            return try await next.respond(to: request)
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: entry.etag)
        // Versioned URLs (?v=…) never change; plain ones are re-checked daily.
        let versioned = request.url.query?.hasPrefix("v=") == true
        headers.replaceOrAdd(name: .cacheControl, value: versioned ? "public, max-age=31536000, immutable" : "public, max-age=86400")
        if request.headers.first(name: .ifNoneMatch) == entry.etag {
            return Response(status: .notModified, headers: headers)
        }
        headers.contentType = entry.contentType
        return Response(status: .ok, headers: headers, body: .init(buffer: entry.body))
    }
}

extension Application {
    private struct StaticFilesKey: StorageKey { typealias Value = StaticFiles }

    var staticFiles: StaticFiles? {
        get { storage[StaticFilesKey.self] }
        set { storage[StaticFilesKey.self] = newValue }
    }
}
