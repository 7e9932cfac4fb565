import AsyncHTTPClient
import Foundation
import GRDB
import LicenseSandbox
import LicenseModel
import NetifyLicensing
import SandboxTestSupport
import Testing

/// Every status code of the seed's table, reached by the request the README names.
@Suite("Status codes")
struct StatusCodeTests {
    @Test func badRequestForMalformedJSONWrongContentTypeNonObjectAndOversizedBodies() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let malformed = try await RawHTTP.send(.POST, sandbox.licensesURL, key: sandbox.key, body: #"{"issued_to": "Acme",}"#)
            #expect(malformed.status == 400)
            #expect(malformed.envelope?.statusMessage?.contains("not valid JSON") == true)
            let wrongType = try await RawHTTP.send(.POST, sandbox.licensesURL, key: sandbox.key, body: #"{"issued_to": "Acme"}"#, contentType: "text/plain")
            #expect(wrongType.status == 400)
            #expect(wrongType.envelope?.statusMessage?.contains("Content-Type") == true)
            let array = try await RawHTTP.send(.POST, sandbox.licensesURL, key: sandbox.key, body: "[1, 2]")
            #expect(array.status == 400)
            let huge = "{\"issued_to\": \"" + String(repeating: "x", count: 1_100_000) + "\"}"
            let oversized = try await RawHTTP.send(.POST, sandbox.licensesURL, key: sandbox.key, body: huge)
            #expect(oversized.status == 400)
            #expect(oversized.envelope?.statusMessage?.contains("1 MiB") == true)
            let list = try await RawHTTP.send(.GET, sandbox.licensesURL, key: sandbox.key)
            #expect(list.data?.arrayValue?.count == 0)
        }
    }

    @Test func unauthorizedWithoutAKeyOrWithAnUnknownOne() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            #expect(try await RawHTTP.send(.GET, sandbox.licensesURL).status == 401)
            #expect(try await RawHTTP.send(.GET, sandbox.licensesURL, key: "nonsense").status == 401)
            let forged = "sbx-" + sandbox.key.split(separator: "-")[1] + "-" + String(repeating: "0", count: 40)
            let reply = try await RawHTTP.send(.GET, sandbox.licensesURL, key: forged)
            #expect(reply.status == 401)
            #expect(reply.body.contains("not recognised"))
        }
    }

    @Test func forbiddenForAnEntitlementOrTermOutsideTheKeysPolicy() async throws {
        let sandbox = try await TestSandbox.start(policy: KeyPolicy(maximumTermDays: 30, allowedEntitlements: [.flowActions]))
        try await withCleanup({ await sandbox.stop() }) {
            let entitlement = try await RawHTTP.send(.POST, sandbox.licensesURL, key: sandbox.key, body: #"{"issued_to": "A", "entitlements": ["netify-proc-lua"]}"#)
            #expect(entitlement.status == 403)
            #expect(entitlement.body.contains("netify-proc-lua"))
            let term = try await RawHTTP.send(.POST, sandbox.licensesURL, key: sandbox.key, body: #"{"issued_to": "A", "duration_days": 31, "entitlements": ["netify-proc-flow-actions"]}"#)
            #expect(term.status == 403)
            #expect(term.body.contains("30 days"))
            let allowed = try await RawHTTP.send(.POST, sandbox.licensesURL, key: sandbox.key, body: #"{"issued_to": "A", "duration_days": 30, "entitlements": ["netify-proc-flow-actions"]}"#)
            #expect(allowed.status == 200)
        }
    }

    /// A key's term outside the one range is refused in the range's own words, issued or changed.
    @Test func aKeysTermOutsideTheRangeIsRefusedInItsWords() async throws {
        for days in [6, 366] {
            #expect { try KeyPolicy(maximumTermDays: days).validate() } throws: { error in
                (error as? SandboxError)?.message == "--max-term-days must be from 7 to 365, not \(days)."
            }
        }
        #expect(throws: Never.self) { try KeyPolicy(maximumTermDays: 365).validate() }
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            await #expect { try await sandbox.changeKeyMaximum(to: 366) } throws: { error in
                (error as? SandboxError)?.message == "--max-term-days must be from 7 to 365, not 366."
            }
        }
    }

    @Test func notFoundForUnknownMalformedAndTraversingSerials() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            for path in ["/2025-7546-23742565", "/2025-7546-2374256", "/..", "/2025-7546-23742565%2F..", "/a%00b", "/2025-7546-23742565/extra/renew", "/2025-7546-23742565/renewal"] {
                let reply = try await RawHTTP.send(.GET, sandbox.licensesURL + path, key: sandbox.key)
                #expect(reply.status == (path.hasSuffix("/renew") || path.hasSuffix("renewal") ? 404 : 404), "\(path)")
                #expect(reply.envelope?.statusMessage?.contains("serial") == true, "\(path)")
            }
            let elsewhere = try await RawHTTP.send(.GET, sandbox.baseURL + "/api/v2/other", key: sandbox.key)
            #expect(elsewhere.status == 404)
        }
    }

    @Test func methodNotAllowedCarriesAnAllowHeader() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let put = try await RawHTTP.send(.PUT, sandbox.licensesURL, key: sandbox.key)
            #expect(put.status == 405)
            #expect(put.headers.first(name: "Allow") == "GET, HEAD, POST")
            let deleteRenew = try await RawHTTP.send(.DELETE, sandbox.licensesURL + "/2025-7546-23742565/renew", key: sandbox.key)
            #expect(deleteRenew.status == 405)
            #expect(deleteRenew.headers.first(name: "Allow") == "POST")
            let patch = try await RawHTTP.send(.PATCH, sandbox.licensesURL + "/2025-7546-23742565", key: sandbox.key)
            #expect(patch.headers.first(name: "Allow") == "GET, HEAD, POST, DELETE")
        }
    }

    @Test func conflictForANonRenewableLicenseAndForADoubleBookedDevice() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let fixed = try await createAcme(sandbox, renewable: false)
            let renew = try await RawHTTP.send(.POST, sandbox.licensesURL + "/" + fixed + "/renew", key: sandbox.key, body: #"{"duration_days": 10}"#)
            #expect(renew.status == 409)
            #expect(renew.body.contains("not renewable"))
            let first = try await createAcme(sandbox, targetUID: "dev-001")
            let second = try await RawHTTP.send(.POST, sandbox.licensesURL, key: sandbox.key, body: """
                {"issued_to": "B", "target_uid": "dev-001", "entitlements": ["netify-proc-lua", "netify-proc-flow-actions"]}
                """)
            #expect(second.status == 409)
            #expect(second.body.contains(first))
            let disjoint = try await RawHTTP.send(.POST, sandbox.licensesURL, key: sandbox.key, body: """
                {"issued_to": "B", "target_uid": "dev-001", "entitlements": ["netify-proc-lua"]}
                """)
            #expect(disjoint.status == 200)
        }
    }

    @Test(arguments: [
        (#"{"entitlements": ["netify-proc-lua"]}"#, "issued_to"),
        (#"{"issued_to": "   ", "entitlements": ["netify-proc-lua"]}"#, "issued_to"),
        (#"{"issued_to": 42, "entitlements": ["netify-proc-lua"]}"#, "issued_to"),
        (#"{"issued_to": "A"}"#, "entitlements"),
        (#"{"issued_to": "A", "entitlements": []}"#, "entitlements"),
        (#"{"issued_to": "A", "entitlements": "netify-proc-lua"}"#, "entitlements"),
        (#"{"issued_to": "A", "entitlements": ["netify-proc-teleport"]}"#, "entitlements"),
        (#"{"issued_to": "A", "entitlements": [7]}"#, "entitlements"),
        (#"{"issued_to": "A", "expire_at": "13/10/2027", "entitlements": ["netify-proc-lua"]}"#, "expire_at"),
        (#"{"issued_to": "A", "expire_at": "2027-02-30", "entitlements": ["netify-proc-lua"]}"#, "expire_at"),
        (#"{"issued_to": "A", "expire_at": 20270101, "entitlements": ["netify-proc-lua"]}"#, "expire_at"),
        // The member is exactly `format: date`, as the OpenAPI document says: no padding.
        (#"{"issued_to": "A", "expire_at": " 2099-01-01", "entitlements": ["netify-proc-lua"]}"#, "expire_at"),
        (#"{"issued_to": "A", "target_uid": " dev-1", "entitlements": ["netify-proc-lua"]}"#, "target_uid"),
        (#"{"issued_to": "A", "duration_days": -5, "entitlements": ["netify-proc-lua"]}"#, "duration_days"),
        (#"{"issued_to": "A", "duration_days": 0, "entitlements": ["netify-proc-lua"]}"#, "duration_days"),
        (#"{"issued_to": "A", "duration_days": 1.5, "entitlements": ["netify-proc-lua"]}"#, "duration_days"),
        (#"{"issued_to": "A", "duration_days": "thirty", "entitlements": ["netify-proc-lua"]}"#, "duration_days"),
        (#"{"issued_to": "A", "duration_days": true, "entitlements": ["netify-proc-lua"]}"#, "duration_days"),
        (#"{"issued_to": "A", "duration_days": 5, "expire_at": "2099-01-01", "entitlements": ["netify-proc-lua"]}"#, "expire_at"),
        (#"{"issued_to": "A", "target_uid": ["x"], "entitlements": ["netify-proc-lua"]}"#, "target_uid"),
        (#"{"issued_to": "A", "renewable": "maybe", "entitlements": ["netify-proc-lua"]}"#, "renewable"),
        (#"{"issued_to": "A", "format": "yaml", "entitlements": ["netify-proc-lua"]}"#, "format"),
        (#"{"issued_to": "A", "format": {}, "entitlements": ["netify-proc-lua"]}"#, "format"),
    ])
    func validationErrorNamesTheField(body: String, field: String) async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let reply = try await RawHTTP.send(.POST, sandbox.licensesURL, key: sandbox.key, body: body)
            #expect(reply.status == 422, "\(body)")
            #expect(reply.fieldNames.contains(field), "\(body) -> \(reply.body)")
            let list = try await RawHTTP.send(.GET, sandbox.licensesURL, key: sandbox.key)
            #expect(list.data?.arrayValue?.count == 0, "a rejected create must store nothing")
        }
    }

    /// Found by schemathesis: a body's `format` is checked even when the query names one.
    @Test func anInvalidBodyFormatIsRefusedWhenTheQueryDecides() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let reply = try await RawHTTP.send(
                .POST, sandbox.licensesURL + "?format=object", key: sandbox.key, body: #"{"issued_to": "A", "format": {}, "entitlements": ["netify-proc-lua"]}"#)
            #expect(reply.status == 422)
            #expect(reply.fieldNames == ["format"])
        }
    }

    @Test func aBodyOfWhiteSpaceIsNotJSONButNoBodyIsTheDefaultRenew() async throws {
        let sandbox = try await TestSandbox.startWithFleet()
        try await withCleanup({ await sandbox.stop() }) {
            // Found by schemathesis: "\n" was read as no body and the renew went ahead.
            let whiteSpace = try await RawHTTP.send(.POST, sandbox.licensesURL + "/2026-0000-00000003/renew?junk=1", key: sandbox.key, body: "\n")
            #expect(whiteSpace.status == 400)
            let none = try await RawHTTP.send(.POST, sandbox.licensesURL + "/2026-0000-00000003/renew", key: sandbox.key, body: "")
            #expect(none.status == 200)
        }
    }

    @Test func validationErrorForFieldsThousandsOfCharactersLong() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let long = String(repeating: "ß", count: 5_000)
            for field in ["issued_to", "description", "notes", "target_uid"] {
                let issuedTo = field == "issued_to" ? long : "A"
                let extra = field == "issued_to" ? "" : #", "\#(field)": "\#(long)""#
                let reply = try await RawHTTP.send(.POST, sandbox.licensesURL, key: sandbox.key, body: #"{"issued_to": "\#(issuedTo)", "entitlements": ["netify-proc-lua"]\#(extra)}"#)
                #expect(reply.status == 422, "\(field)")
                #expect(reply.fieldNames == [field])
            }
        }
    }

    @Test func validationErrorForAnUnknownFormatParameter() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let reply = try await RawHTTP.send(.GET, sandbox.licensesURL + "?format=xml", key: sandbox.key)
            #expect(reply.status == 422)
            #expect(reply.fieldNames == ["format"])
        }
    }

    @Test func targetUIDRequiredByPolicyIsAValidationError() async throws {
        let sandbox = try await TestSandbox.start(policy: KeyPolicy(requiresTargetUID: true))
        try await withCleanup({ await sandbox.stop() }) {
            let reply = try await RawHTTP.send(.POST, sandbox.licensesURL, key: sandbox.key, body: #"{"issued_to": "A", "entitlements": ["netify-proc-lua"]}"#)
            #expect(reply.status == 422)
            #expect(reply.fieldNames == ["target_uid"])
        }
    }

    @Test func tooManyRequestsCarriesRetryAfter() async throws {
        let sandbox = try await TestSandbox.start(policy: KeyPolicy(requestsPerMinute: 6))
        try await withCleanup({ await sandbox.stop() }) {
            var statuses: [Int] = []
            var retryAfter: String?
            for _ in 0..<5 {
                let reply = try await RawHTTP.send(.GET, sandbox.licensesURL, key: sandbox.key)
                statuses.append(reply.status)
                if reply.status == 429 { retryAfter = reply.headers.first(name: "Retry-After") }
            }
            #expect(statuses.first == 200)
            #expect(statuses.contains(429))
            #expect(retryAfter.flatMap(Int.init).map { $0 >= 1 } == true)
        }
    }

    @Test func serverErrorOnlyForARealFaultAndWithoutDetails() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            // Break the database behind the running server's back.
            let queue = try DatabaseQueue(path: sandbox.databasePath)
            try await queue.write { db in try db.execute(sql: "DROP TABLE license") }
            let reply = try await RawHTTP.send(.GET, sandbox.licensesURL, key: sandbox.key)
            #expect(reply.status == 500)
            #expect(!reply.body.lowercased().contains("sqlite"))
            #expect(!reply.body.contains("license"))
        }
    }
}

/// The OpenAPI document says null means absent; the sandbox reads it so.
@Suite("Null members")
struct NullMembersTests {
    @Test func nullExpiryMembersAreAbsent() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let future = CalendarDate.today().adding(days: 40).description
            let created = try await RawHTTP.send(.POST, sandbox.licensesURL, key: sandbox.key,
                                                 body: #"{"issued_to":"Null Co","entitlements":["netify-proc-lua"],"expire_at":null}"#)
            #expect(created.status == 200, "\(created.body)")
            let serial = try #require(created.data?["serial"]?.stringValue)
            let renewed = try await RawHTTP.send(.POST, sandbox.licensesURL + "/\(serial)/renew", key: sandbox.key,
                                                 body: #"{"duration_days":null,"expire_at":"\#(future)"}"#)
            #expect(renewed.status == 200, "\(renewed.body)")
            #expect(renewed.data?["expire_at"]?["date"]?.stringValue == future)
            let neither = try await RawHTTP.send(.POST, sandbox.licensesURL + "/\(serial)/renew", key: sandbox.key, body: #"{"duration_days":null,"expire_at":null}"#)
            #expect(neither.status == 200, "both null: the key's maximum")
        }
    }
}
