import Foundation
import LicenseSandbox
import LicenseModel
import NetifyLicensing
import SandboxTestSupport
import Testing

/// The seed page's own curl examples, sent as written (dates moved into the future where api-notes says so).
@Suite("The seed's examples")
struct SeedExampleTests {
    @Test func listDefaultsToNetifydFormatAndObjectFormatOnRequest() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let created = try await createAcme(sandbox)
            let netifyd = try await RawHTTP.send(.GET, sandbox.licensesURL, key: sandbox.key)
            #expect(netifyd.status == 200)
            #expect(netifyd.envelope?.statusCode == "0")
            #expect(netifyd.envelope?.statusMessage == "Success.")
            let agentLicense = try #require(netifyd.data?.arrayValue?.first)
            #expect(agentLicense["serial"]?.stringValue == created)
            #expect(agentLicense["netify-proc-flow-actions"]?["not_valid_after"]?.stringValue != nil)
            #expect(agentLicense["entitlements"] == nil)
            #expect(agentLicense["expire_at"]?["unix"]?.lenientInteger != nil)

            let object = try await RawHTTP.send(.GET, sandbox.licensesURL + "?format=object", key: sandbox.key)
            let objectLicense = try #require(object.data?.arrayValue?.first)
            #expect(objectLicense["entitlements"] == ["netify-proc-flow-actions"])
            #expect(objectLicense["renewable"] == true)
            #expect(objectLicense["issued_to"] == "Acme Inc.")
            #expect(objectLicense["description"] == "Flow Actions Policy Control")
            #expect(objectLicense["version"]?.stringValue != nil)
            #expect(objectLicense["target_uid"] == .null)
        }
    }

    @Test func createWithTheSeedsPastDateIsAValidationError() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let reply = try await RawHTTP.send(.POST, sandbox.licensesURL, key: sandbox.key, body: """
                {
                "issued_to": "Acme Inc.",
                "expire_at": "2025-10-13",
                "description": "Flow Actions Policy Control",
                "entitlements": [
                "netify-proc-flow-actions"
                ]
                }
                """)
            #expect(reply.status == 422)
            #expect(reply.fieldNames == ["expire_at"])
            let list = try await RawHTTP.send(.GET, sandbox.licensesURL, key: sandbox.key)
            #expect(list.data?.arrayValue?.isEmpty == true)
        }
    }

    @Test func viewInBothFormats() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let serial = try await createAcme(sandbox)
            let netifyd = try await RawHTTP.send(.GET, sandbox.licensesURL + "/" + serial, key: sandbox.key)
            #expect(netifyd.status == 200)
            #expect(netifyd.data?["netify-proc-flow-actions"] != nil)
            let object = try await RawHTTP.send(.GET, sandbox.licensesURL + "/" + serial + "?format=object", key: sandbox.key)
            #expect(object.data?["serial"]?.stringValue == serial)
            #expect(object.data?["entitlements"] == ["netify-proc-flow-actions"])
        }
    }

    @Test func renewByDateAndByDurationThroughTheBareSerialAlias() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let serial = try await createAcme(sandbox)
            let target = CalendarDate.today().adding(days: 100)
            let byDate = try await RawHTTP.send(.POST, sandbox.licensesURL + "/" + serial, key: sandbox.key, body: """
                {
                "expire_at": "\(target)"
                }
                """)
            #expect(byDate.status == 200)
            #expect(byDate.data?["expire_at"]?["date"]?.stringValue == target.description)
            let byDuration = try await RawHTTP.send(.POST, sandbox.licensesURL + "/" + serial, key: sandbox.key, body: """
                {
                "duration_days": 30
                }
                """)
            #expect(byDuration.status == 200)
            #expect(byDuration.data?["expire_at"]?["date"]?.stringValue == CalendarDate.today().adding(days: 30).description)
            let documented = try await RawHTTP.send(.POST, sandbox.licensesURL + "/" + serial + "/renew", key: sandbox.key, body: #"{"duration_days": "45"}"#)
            #expect(documented.status == 200)
            #expect(documented.data?["expire_at"]?["date"]?.stringValue == CalendarDate.today().adding(days: 45).description)
        }
    }

    @Test func renewWithNoTermGrantsTheKeysMaximum() async throws {
        let sandbox = try await TestSandbox.start(policy: KeyPolicy(maximumTermDays: 90))
        try await withCleanup({ await sandbox.stop() }) {
            let serial = try await createAcme(sandbox, expireAt: CalendarDate.today().adding(days: 10))
            let reply = try await RawHTTP.send(.POST, sandbox.licensesURL + "/" + serial + "/renew", key: sandbox.key)
            #expect(reply.status == 200)
            #expect(reply.data?["expire_at"]?["date"]?.stringValue == CalendarDate.today().adding(days: 90).description)
        }
    }

    @Test func deleteRemovesTheLicense() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let serial = try await createAcme(sandbox)
            let deleted = try await RawHTTP.send(.DELETE, sandbox.licensesURL + "/" + serial, key: sandbox.key)
            #expect(deleted.status == 200)
            #expect(deleted.data?["serial"]?.stringValue == serial)
            let again = try await RawHTTP.send(.GET, sandbox.licensesURL + "/" + serial, key: sandbox.key)
            #expect(again.status == 404)
        }
    }

    @Test func formatTravelsInTheBodyOfACreate() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let reply = try await RawHTTP.send(.POST, sandbox.licensesURL, key: sandbox.key, body: """
                {"format": "object", "issued_to": "Acme Inc.", "duration_days": 30, "description": "d",
                 "entitlements": ["netify-proc-aggregator", "netify-sink-mqtt"]}
                """)
            #expect(reply.status == 200)
            #expect(reply.data?["entitlements"] == ["netify-proc-aggregator", "netify-sink-mqtt"])
        }
    }
}

/// Creates the seed's example license with a date in the future; returns its serial.
func createAcme(_ sandbox: TestSandbox, expireAt: CalendarDate = CalendarDate.today().adding(days: 200), targetUID: String? = nil, renewable: Bool = true) async throws -> String {
    let target = targetUID.map { #", "target_uid": "\#($0)""# } ?? ""
    let reply = try await RawHTTP.send(.POST, sandbox.licensesURL + "?format=object", key: sandbox.key, body: """
        {"issued_to": "Acme Inc.", "expire_at": "\(expireAt)", "description": "Flow Actions Policy Control",
         "entitlements": ["netify-proc-flow-actions"], "renewable": \(renewable)\(target)}
        """)
    guard reply.status == 200, let serial = reply.data?["serial"]?.stringValue else {
        throw SandboxError(status: reply.status, message: "create failed: \(reply.body)")
    }
    return serial
}
