import Testing
@testable import Domain

struct SocketTableTests {
    static let tcp = """
      sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
       0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1080 1 0 100 0 0 10 0
       1: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 2201 1 0 20 4 30 10 -1
       2: 0100007F:1F90 0100007F:D432 08 00000000:00000000 00:00000000 00000000     0        0 2202 1 0 20 4 30 10 -1
       3: 0A00000A:1F90 6400A8C0:C350 01 00000000:00000000 00:00000000 00000000     0        0 2203 1 0 20 4 30 10 -1
       4: garbage line
    """

    static let tcp6 = """
      sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
       0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 9 1 0
       1: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000100007F:E001 01 00000000:00000000 00:00000000 00000000     0        0 9 1 0
       2: 00000000000000000000000001000000:1F90 00000000000000000000000001000000:E002 06 00000000:00000000 00:00000000 00000000     0        0 9 1 0
       3: B80D0120000000000000000001000000:1F90 B80D0120000000000000000002000000:E003 01 00000000:00000000 00:00000000 00000000     0        0 9 1 0
    """

    @Test func readsIPv4Lines() {
        let entries = SocketTable.parse(Self.tcp)
        #expect(entries.count == 4)
        #expect(entries[1] == .init(localPort: 8080, remote: [127, 0, 0, 1], remotePort: 0xD431, state: 1))
        #expect(entries[3].remote == [192, 168, 0, 100] && entries[3].remotePort == 50000)
    }

    @Test func readsIPv6LinesAndMappedIPv4() {
        let entries = SocketTable.parse(Self.tcp6)
        #expect(entries.count == 4)
        #expect(entries[1].remote == [127, 0, 0, 1] && entries[1].remotePort == 0xE001)
        #expect(entries[2].remote == [UInt8](repeating: 0, count: 15) + [1])
        // 2001:db8::2
        #expect(entries[3].remote == [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [2])
    }

    @Test func tellsOpenClosingAndUnknownConnections() {
        let entries = SocketTable.parse(Self.tcp) + SocketTable.parse(Self.tcp6)
        let loopback: [UInt8] = [127, 0, 0, 1]
        #expect(SocketTable.isEstablished(entries, remote: loopback, remotePort: 0xD431, localPort: 8080) == true)
        // The peer has closed its side (close-wait): gone.
        #expect(SocketTable.isEstablished(entries, remote: loopback, remotePort: 0xD432, localPort: 8080) == false)
        // Time-wait of ::1: gone.
        #expect(SocketTable.isEstablished(entries, remote: [UInt8](repeating: 0, count: 15) + [1], remotePort: 0xE002, localPort: nil) == false)
        // The mapped IPv4 client of a dual-stack listener.
        #expect(SocketTable.isEstablished(entries, remote: loopback, remotePort: 0xE001, localPort: 8080) == true)
        // Not in the table, or to another port: nothing can be told.
        #expect(SocketTable.isEstablished(entries, remote: loopback, remotePort: 1, localPort: 8080) == nil)
        #expect(SocketTable.isEstablished(entries, remote: loopback, remotePort: 0xD431, localPort: 9090) == nil)
    }
}
