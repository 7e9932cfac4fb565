import Dashboard
import Foundation
import LicenseModel
import NetifyLicensing
import SandboxTestSupport
import Testing

/// A list reply is bounded by what it leaves kept (its licenses and their
/// bytes), not by its length: it is decoded as it arrives and its bytes let go.
@Suite("List replies bounded by what they keep")
struct ListBoundTests {
    static let head = Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n".utf8)

    static func license(_ index: Int) -> [UInt8] {
        let serial = "2026-0031-" + String(10_000_000 + index)
        return Array((#"{"serial":""# + serial + #"","issued_to":"Fleet \#(index % 50)","entitlements":["netify-proc-lua"],"#
            + #""expire_at":{"unix":1791849600,"date":"2026-10-13"}}"#).utf8)
    }

    /// A reply of `count` licenses written as it is sent, each followed by
    /// `padding` bytes of whitespace; nil count: licenses for ever.
    static func reply(count: Int?, padding: Int) -> HostileServer.Behaviour {
        let gap = [UInt8](repeating: UInt8(ascii: " "), count: padding)
        return .stream(head: head) { piece in
            if piece == 0 { return Array(#"{"status_code":0,"status_message":"ok","data":["#.utf8) }
            let index = piece - 1
            if let count {
                if index == count { return Array("]}".utf8) }
                if index > count { return nil }
            }
            return (index == 0 ? [] : [UInt8(ascii: ",")]) + gap + license(index)
        }
    }

    func client(_ server: HostileServer, bound: Int, held: Int = 1 << 20) throws -> HTTPLicensingClient {
        var client = try HTTPLicensingClient(
            endpoint: Endpoint(loopbackPort: server.port), apiKey: APIKey("abcdefghijklmnopqrstuvwxyz"),
            retryPolicy: .fast(attempts: 1, maximumDelay: 0.02), requestTimeout: 60, maximumResponseBytes: bound)
        client.maximumHeldBytes = held
        return client
    }

    /// The vendor locked out by a reply over the bound: a reply several times
    /// longer than the bound is read whole, into the dashboard's catalog, when
    /// its licenses fit; what is held at once stays one license's worth.
    @Test func aReplyLongerThanTheBoundIsReadWholeWhenItsLicensesFit() async throws {
        let count = 2_500
        // About 1.9 KB of reply per license, 4.8 MB in all; about 400 bytes kept per license, 1 MB.
        let server = try HostileServer(Self.reply(count: count, padding: 1_800))
        defer { server.stop() }
        let list = try await client(server, bound: 2 << 20, held: 256 << 10).licenseList(format: .object, expectedCount: 0)
        #expect(list.licenses.count == count)
        #expect(list.unreadable.isEmpty)
        #expect(Set(list.licenses.map(\.serial)).count == count)
        #expect(list.licenses.last?.serial == "2026-0031-" + String(10_000_000 + count - 1))
        // The dashboard's load path: the same list indexed, sorted and counted.
        let prepared = PreparedCatalog(list.licenses, sort: LicenseSort(.expires, ascending: true), thresholds: .standard, now: 1_790_000_000)
        #expect(prepared.catalog.count == count)
        #expect(prepared.sorted.count == count)
    }

    /// An endless list stops at the bound with the error it always had.
    @Test func anEndlessListStopsWithItsError() async throws {
        let server = try HostileServer(Self.reply(count: nil, padding: 0))
        defer { server.stop() }
        await #expect { try await client(server, bound: 1 << 20).licenseList(format: .object, expectedCount: 0) } throws: { error in
            "\(error)".contains("the reply is larger than 1 MiB, more than this request can need")
        }
        #expect(server.requests == 1, "not asked for again")
    }

    /// An endless value (one license that never ends, or whitespace for ever)
    /// is held unread: it stops at the bound of what may be held.
    @Test func anEndlessValueStopsAtWhatMayBeHeld() async throws {
        for opening in [#"{"data":[{"serial":""#, #"{"data":["#, #"{"status_message":""#] {
            let filler = opening.hasSuffix("[") ? UInt8(ascii: " ") : UInt8(ascii: "a")
            let server = try HostileServer(.stream(head: Self.head) { piece in
                piece == 0 ? Array(opening.utf8) : [UInt8](repeating: filler, count: 16_384)
            })
            defer { server.stop() }
            await #expect { try await client(server, bound: 64 << 20, held: 256 << 10).licenseList(format: .object, expectedCount: 0) } throws: { error in
                "\(error)".contains("the reply is larger than 256 KiB, more than this request can need")
            }
        }
    }

    /// A Content-Length over the bound is refused from the head, the body never read.
    @Test func aListAnnouncingMoreThanTheBoundIsRefusedFromItsHead() async throws {
        let server = try HostileServer(.stall(head: Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{".utf8)))
        defer { server.stop() }
        // The body never comes (one byte, then a stall), so "larger than 4 MiB"
        // can only be said from the head; waiting would end in the 60 s timeout's own error.
        await #expect { try await client(server, bound: 4 << 20).licenseList(format: .object, expectedCount: 0) } throws: { error in
            "\(error)".contains("the reply is larger than 4 MiB")
        }
    }

    /// The default bound takes a fleet of 2,000,000 licenses, pretty-printed.
    @Test func theDefaultBoundTakesTwoMillionLicenses() {
        let prettyLicense = 570
        #expect(2_000_000 * (prettyLicense + LicenseListStream.entryCharge) < HTTPLicensingClient.defaultMaximumListBytes)
    }
}
