import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 network ("10.0.0.0/8", "::1", "192.168.1.7").
public struct IPNetwork: Sendable, Equatable, CustomStringConvertible {
    public let bytes: [UInt8]
    public let prefix: Int

    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let bytes = IPNetwork.parse(String(parts[0])) else { return nil }
        let bits = bytes.count * 8
        if parts.count == 2 {
            guard let p = Int(parts[1]), (0...bits).contains(p) else { return nil }
            prefix = p
        } else {
            prefix = bits
        }
        self.bytes = bytes
    }

    public var description: String {
        (IPNetwork.format(bytes) ?? "?") + "/\(prefix)"
    }

    public func contains(_ address: String) -> Bool {
        guard let other = IPNetwork.parse(address), other.count == bytes.count else { return false }
        var remaining = prefix
        for i in 0..<bytes.count where remaining > 0 {
            let take = min(8, remaining)
            let mask: UInt8 = take == 8 ? 0xFF : ~(0xFF >> UInt8(take))
            if bytes[i] & mask != other[i] & mask { return false }
            remaining -= take
        }
        return true
    }

    /// The address bytes (4 or 16); IPv4-mapped IPv6 addresses are read as IPv4.
    public static func parse(_ text: String) -> [UInt8]? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty, t.utf8.count < 64 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, t, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, t, &v6) == 1 {
            let b = withUnsafeBytes(of: &v6) { Array($0) }
            if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF { return Array(b[12..<16]) }
            return b
        }
        return nil
    }

    /// The key a per-address limit counts under: an IPv4 address as it is, an IPv6 address by its /64 (one household
    /// or office gets a whole /64 and picks addresses in it at will).
    public static func limitKey(_ address: String) -> String {
        guard let b = parse(address), b.count == 16, let prefix = format(Array(b[0..<8]) + Array(repeating: 0, count: 8)) else { return address }
        return prefix + "/64"
    }

    static func format(_ bytes: [UInt8]) -> String? {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        guard bytes.count == 16 else { return nil }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }
}

/// Who is really asking: the peer, or — only when the peer is a proxy we trust — the address that
/// proxy reports in `X-Forwarded-For`.
public struct ClientAddressResolver: Sendable {
    public let trustedProxies: [IPNetwork]

    public init(trustedProxies: [IPNetwork]) {
        self.trustedProxies = trustedProxies
    }

    /// Parses `TRUSTED_PROXIES` ("10.0.0.1, 10.1.0.0/16"); nil names the entry that is not an address.
    public static func parse(_ setting: String) -> Result<ClientAddressResolver, InvalidEntry> {
        var networks: [IPNetwork] = []
        for raw in setting.split(separator: ",") {
            let entry = raw.trimmingCharacters(in: .whitespaces)
            if entry.isEmpty { continue }
            guard let net = IPNetwork(entry) else { return .failure(InvalidEntry(entry: entry)) }
            networks.append(net)
        }
        return .success(ClientAddressResolver(trustedProxies: networks))
    }

    public struct InvalidEntry: Error, Equatable {
        public let entry: String
    }

    func isTrusted(_ address: String) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }

    /// `peer` is the socket's address; `forwardedFor` the `X-Forwarded-For` values in order.
    public func client(peer: String?, forwardedFor: [String]) -> String {
        guard let peer, !peer.isEmpty else { return "unknown" }
        guard isTrusted(peer) else { return peer }
        // Walk from the nearest hop back; the first address that is not one of our proxies is the client.
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            guard IPNetwork.parse(hop) != nil else { return peer }
            if !isTrusted(hop) { return hop }
        }
        return hops.first.flatMap { IPNetwork.parse($0) != nil ? $0 : nil } ?? peer
    }
}
