import Foundation
import Vapor

extension Request {
    /// A form posted from another site. The public pages (surveys, contests) have no session to protect, but nobody
    /// should be able to send answers in a visitor's name from elsewhere.
    var isCrossSite: Bool {
        if headers.first(name: "Sec-Fetch-Site") == "cross-site" { return true }
        guard let origin = headers.first(name: .origin), origin != "null", let originHost = URL(string: origin)?.host,
              let host = headers.first(name: .host)?.split(separator: ":").first else { return false }
        return originHost != String(host)
    }
}
