import Vapor

/// One page of a long list: "Hiển thị 51–100 trên 1.234", with links to the neighbours that keep the
/// other query parameters.
struct Paging: Encodable, Sendable {
    let page: Int
    let perPage: Int
    let total: Int
    let from: Int
    let to: Int
    let previous: String?
    let next: String?
    /// "Hiển thị 1–50 trên 1.145 đơn vị".
    let summary: String

    var offset: Int { (page - 1) * perPage }

    init(page requested: Int, perPage: Int = 50, total: Int, noun: String, link: (Int) -> String) {
        let pages = max(1, (total + perPage - 1) / perPage)
        let page = min(max(1, requested), pages)
        self.page = page
        self.perPage = perPage
        self.total = total
        from = total == 0 ? 0 : (page - 1) * perPage + 1
        to = min(total, page * perPage)
        previous = page > 1 ? link(page - 1) : nil
        next = page < pages ? link(page + 1) : nil
        summary = total == 0 ? "Không có \(noun) nào." : "Hiển thị \(from)–\(to) trên \(Paging.number(total)) \(noun)"
    }

    /// 1.234.567 — thousands separated with dots, as Vietnamese writes them.
    static func number(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(".") }
            out.append(c)
        }
        return String(out.reversed())
    }
}

extension Request {
    /// The `page` query value (1 when absent or not a number).
    var pageNumber: Int {
        guard let text = try? query.get(String.self, at: "page"), let n = Int(text.prefix(9)), n > 0 else { return 1 }
        return n
    }

    /// This request's path and query with `page` set to `n`.
    func link(page n: Int) -> String {
        var items = (url.query ?? "").split(separator: "&").filter { !$0.hasPrefix("page=") }.map(String.init)
        items.append("page=\(n)")
        return url.path + "?" + items.joined(separator: "&")
    }
}
