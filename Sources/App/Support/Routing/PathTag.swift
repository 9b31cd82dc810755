import Leaf

/// `#path("unitEdit", unit.id)` in a template: the path of a `SiteRoute` by name. An unknown name is an error
/// when the page renders (and a test renders every name used in the templates).
struct PathTag: LeafTag {
    struct UnknownRoute: Error, CustomStringConvertible {
        let name: String
        var description: String { "#path: không có đường dẫn tên \"\(name)\" trong SiteRoute.all" }
    }

    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let name = ctx.parameters.first?.string, let route = SiteRoute.named[name] else {
            throw UnknownRoute(name: ctx.parameters.first?.string ?? "")
        }
        return .string(route.path(ctx.parameters.dropFirst().map { $0.string ?? "" }))
    }
}
