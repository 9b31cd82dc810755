import Foundation

/// The kernel's table of TCP sockets as Linux prints it in `/proc/net/tcp` and `/proc/net/tcp6`, read to tell whether
/// a client is still connected while its request is being served (the web framework gives a handler no signal when the
/// peer goes away; vapor/vapor#3354).
///
/// Each line after the header: `sl local_address rem_address st …`, an address as hexadecimal 32-bit words in the
/// machine's byte order (little-endian on every platform this runs on), then `:` and the port in hexadecimal; `st` is
/// the state (01 established, 08 close-wait: the peer has closed its side …).
public enum SocketTable {
    public struct Entry: Sendable, Equatable {
        public var localPort: Int
        /// 4 bytes for IPv4 (also for IPv4-mapped IPv6 addresses), 16 for IPv6.
        public var remote: [UInt8]
        public var remotePort: Int
        public var state: UInt8

        public var isEstablished: Bool { state == 0x01 }
    }

    /// The entries of one table's text; lines that do not read are skipped.
    public static func parse(_ text: String) -> [Entry] {
        var entries: [Entry] = []
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 4, let local = endpoint(fields[1]), let remote = endpoint(fields[2]),
                  let state = UInt8(fields[3], radix: 16) else { continue }
            entries.append(Entry(localPort: local.port, remote: remote.address, remotePort: remote.port, state: state))
        }
        return entries
    }

    /// Whether the connection from `remote`:`remotePort` (to `localPort`, when known) is still established: true while
    /// it is, false once it is closing or gone, nil when the table does not hold it (then nothing can be told).
    public static func isEstablished(_ entries: [Entry], remote: [UInt8], remotePort: Int, localPort: Int?) -> Bool? {
        let matching = entries.filter {
            $0.remote == remote && $0.remotePort == remotePort && (localPort == nil || $0.localPort == localPort)
        }
        if matching.isEmpty { return nil }
        return matching.contains(where: \.isEstablished)
    }

    /// `0100007F:1F90` → 127.0.0.1, 8080.
    static func endpoint(_ field: Substring) -> (address: [UInt8], port: Int)? {
        let parts = field.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1], radix: 16), let address = address(parts[0]) else { return nil }
        return (address, port)
    }

    /// The bytes of an address written as 1 or 4 hexadecimal words; IPv4-mapped IPv6 addresses become IPv4.
    static func address(_ hex: Substring) -> [UInt8]? {
        guard hex.count == 8 || hex.count == 32 else { return nil }
        var bytes: [UInt8] = []
        var rest = hex[...]
        while !rest.isEmpty {
            guard let word = UInt32(rest.prefix(8), radix: 16) else { return nil }
            bytes += withUnsafeBytes(of: word.littleEndian) { Array($0) }
            rest = rest.dropFirst(8)
        }
        if bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return Array(bytes[12..<16])
        }
        return bytes
    }
}
