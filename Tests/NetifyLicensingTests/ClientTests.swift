import Foundation
import Hummingbird
import LicenseSandbox
import LicenseModel
import NetifyLicensing
import SandboxTestSupport
import Synchronization
import Testing

/// The HTTP client against a real sandbox on loopback.
@Suite("HTTP client")
struct ClientTests {
    let request = CreateLicenseRequest(
        issuedTo: "Café Müller — 東京 🐦", entitlements: [.flowActions, .mqttSink], expiry: .durationDays(20),
        targetUID: "dev-42", texts: [.description: "Flow Actions Policy Control", .notes: "Pilot"])

    @Test func createListViewRenewDeleteInBothFormats() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let client = try sandbox.client()
            let created = try await client.createLicense(request, format: .object)
            #expect(created.issuedTo == request.issuedTo)
            #expect(created.entitlements == [.flowActions, .mqttSink])
            #expect(created.expireAt.date == CalendarDate.today().adding(days: 20))
            #expect(created.renewable == true)
            #expect(created.serial.count == 18)

            let objects = try await client.readableLicenses(format: .object)
            #expect(objects.map(\.serial) == [created.serial])
            #expect(objects.first?.texts[.notes] == "Pilot")
            let agents = try await client.readableLicenses(format: .netifyd)
            #expect(agents.first?.format == .netifyd)
            #expect(agents.first?.entitlements == [.flowActions, .mqttSink])
            #expect(agents.first?.netifydDocument == objects.first?.netifydDocument)

            let viewed = try await client.license(serial: created.serial, format: .netifyd)
            #expect(viewed.targetUID == "dev-42")

            let newDate = CalendarDate.today().adding(days: 300)
            let renewed = try await client.renewLicense(serial: created.serial, RenewLicenseRequest(expiry: .date(newDate)), format: .object)
            #expect(renewed.expireAt.date == newDate)
            let renewedByDays = try await client.renewLicense(serial: created.serial, RenewLicenseRequest(expiry: .durationDays(5)), format: .object)
            #expect(renewedByDays.expireAt.date == CalendarDate.today().adding(days: 5))

            let deleted = try await client.deleteLicense(serial: created.serial)
            #expect(deleted?.serial == created.serial)
            #expect(try await client.readableLicenses().isEmpty)
        }
    }

    @Test func everyErrorStatusBecomesItsTypedError() async throws {
        let sandbox = try await TestSandbox.start(policy: KeyPolicy(maximumTermDays: 30, allowedEntitlements: [.flowActions, .mqttSink, .lua]))
        try await withCleanup({ await sandbox.stop() }) {
            let client = try sandbox.client()
            await #expect(throws: LicensingError.unauthorized(message: "No API key: send it in the x-api-key header.")) {
                try await HTTPLicensingClient(endpoint: sandbox.endpoint, apiKey: nil).readableLicenses()
            }
            await #expect { try await client.license(serial: "2025-7546-23742565") } throws: { error in
                guard case .notFound(let serial, _) = error as? LicensingError else { return false }
                return serial == "2025-7546-23742565"
            }
            await #expect { try await client.createLicense(CreateLicenseRequest(issuedTo: "A", entitlements: [.python])) } throws: { error in
                (error as? LicensingError)?.httpStatus == 403
            }
            await #expect {
                try await client.createLicense(CreateLicenseRequest(issuedTo: "A", entitlements: [.lua], expiry: .date(CalendarDate("2025-10-13")!)))
            } throws: { error in
                (error as? LicensingError)?.fieldErrors.map(\.field) == ["expire_at"]
            }
            await #expect {
                try await client.createLicense(CreateLicenseRequest(issuedTo: "", entitlements: [Entitlement("netify-proc-teleport")]))
            } throws: { error in
                Set((error as? LicensingError)?.fieldErrors.map(\.field) ?? []) == ["issued_to", "entitlements"]
            }
            _ = try await client.createLicense(CreateLicenseRequest(issuedTo: "A", entitlements: [.lua], targetUID: "dev-1"))
            await #expect { try await client.createLicense(CreateLicenseRequest(issuedTo: "B", entitlements: [.lua], targetUID: "dev-1")) } throws: { error in
                (error as? LicensingError)?.httpStatus == 409
            }
        }
    }

    @Test func anotherKeysSerialIsNotFound() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let mine = try await sandbox.client().createLicense(request, format: .object)
            let theirs = try sandbox.client(key: await sandbox.issueKey())
            await #expect(throws: LicensingError.self) { try await theirs.license(serial: mine.serial) }
            #expect(try await theirs.readableLicenses().isEmpty)
        }
    }

    @Test func serialsCannotEscapeTheirPathSegment() async throws {
        let sandbox = try await TestSandbox.start()
        try await withCleanup({ await sandbox.stop() }) {
            let client = try sandbox.client()
            // Each is one escaped path segment: the server looks up that literal serial and
            // finds none (404 naming it). Unescaped, `../licenses` would read the list and
            // `…/renew` would reach the renew path (405 to a GET).
            for serial in ["../licenses", "a/b", "%2e%2e", "2025-7546-23742565/renew"] {
                do throws(LicensingError) {
                    let license = try await client.license(serial: serial)
                    Issue.record("\(serial) answered \(license.serial)")
                } catch .notFound(let named, _) {
                    #expect(named == serial)
                } catch {
                    Issue.record("\(serial): \(error), not 404 for that serial")
                }
            }
        }
    }

    @Test func readsWaitOutRetryAfterAndSucceed() async throws {
        let sandbox = try await TestSandbox.start(policy: KeyPolicy(requestsPerMinute: 60))
        try await withCleanup({ await sandbox.stop() }) {
            // A burst of 6 is allowed, then one a second: past the burst the
            // server refuses with Retry-After: 1. A client that will not wait
            // that long is refused.
            let impatient = try sandbox.client(retryPolicy: .fast(attempts: 5, maximumDelay: 0.02, maximumRetryAfter: 0.5))
            var refusal: LicensingError?
            for _ in 0..<50 where refusal == nil {
                do throws(LicensingError) { _ = try await impatient.readableLicenses() } catch { refusal = error }
            }
            guard case .rateLimited(let retryAfter, _)? = refusal else { Issue.record("not refused past the burst: \(String(describing: refusal))"); return }
            #expect(retryAfter == 1)
            // The same refusals, waited out: a client that tried again at its
            // backoff (0.02 s at most, 5 attempts) would be refused five times.
            let client = try sandbox.client(retryPolicy: .fast(attempts: 5, maximumDelay: 0.02, maximumRetryAfter: 5))
            for _ in 0..<3 { _ = try await client.readableLicenses() }
        }
    }

    @Test func createIsNotRetriedOnceTheServerHasSeenIt() async throws {
        let sandbox = try await TestSandbox.start(policy: KeyPolicy(requestsPerMinute: 6))
        try await withCleanup({ await sandbox.stop() }) {
            let client = try sandbox.client(retryPolicy: .fast(attempts: 5, maximumDelay: 0.02, maximumRetryAfter: 5))
            _ = try await client.readableLicenses()
            await #expect { try await client.createLicense(request) } throws: { error in
                guard case .rateLimited(let retryAfter, _) = error as? LicensingError else { return false }
                return retryAfter != nil
            }
        }
    }

    @Test func transientServerFailuresAreRetriedForReadsOnly() async throws {
        let flaky = try HostileServer(.failFirst(2, then: HostileServer.Behaviour.jsonBytes(oneLicense)))
        defer { flaky.stop() }
        let client = try HTTPLicensingClient(
            endpoint: flaky.endpoint, apiKey: APIKey("abcdefghijklmnopqrstuvwxyz"),
            retryPolicy: .fast(attempts: 3, maximumDelay: 0.02))
        let licenses = try await client.readableLicenses()
        #expect(licenses.count == 1)
        #expect(flaky.requests == 3)
        flaky.reset(failures: 1)
        await #expect { try await client.createLicense(request) } throws: { error in
            (error as? LicensingError)?.httpStatus == 503
        }
        #expect(flaky.requests == 1)
    }

    @Test func aDeleteWhoseReplyWasLostStillSucceeds() async throws {
        let flaky = try HostileServer(.failFirst(1, then: HostileServer.Behaviour.jsonBytes("", status: "404 Not Found")))
        defer { flaky.stop() }
        let client = try HTTPLicensingClient(
            endpoint: flaky.endpoint, apiKey: APIKey("abcdefghijklmnopqrstuvwxyz"),
            retryPolicy: .fast(attempts: 3, maximumDelay: 0.02))
        let deleted = try await client.deleteLicense(serial: "2025-7546-23742565")
        #expect(deleted == nil)
        #expect(flaky.requests == 2)
    }

    @Test func unreachableServerIsATransportErrorAfterRetries() async throws {
        let client = try HTTPLicensingClient(
            endpoint: Endpoint(loopbackPort: 9), apiKey: APIKey("abcdefghijklmnopqrstuvwxyz"),
            retryPolicy: .fast(attempts: 2, maximumDelay: 0.02))
        await #expect { try await client.readableLicenses() } throws: { error in
            guard case .transport = error as? LicensingError else { return false }
            return "\(error)".hasPrefix("Could not connect to 127.0.0.1:9: connection refused. Is the server running?")
        }
    }

    @Test func garbageRepliesAreTypedErrorsWithAnExcerpt() async throws {
        let flaky = try HostileServer(.json("<html>gateway</html>"))
        defer { flaky.stop() }
        let client = try HTTPLicensingClient(endpoint: flaky.endpoint, apiKey: APIKey("abcdefghijklmnopqrstuvwxyz"))
        await #expect { try await client.readableLicenses() } throws: { error in
            guard case .undecodableResponse(let status, _, let excerpt) = error as? LicensingError else { return false }
            return status == 200 && excerpt.contains("gateway")
        }
    }
}

/// A listing of one license, as the flaky server's good replies carry it.
private let oneLicense = Envelope.success([[
    "serial": "2025-7546-23742565", "issued_to": "A", "expire_at": ["unix": 1_760_313_600, "date": "2025-10-13"],
]]).serialized()

extension HostileServer {
    var endpoint: Endpoint { Endpoint(loopbackPort: port) }
}

@Suite("Replies a sandbox never sends")
struct HostileReplyTests {
    func client(for server: HostileServer, attempts: Int) throws -> HTTPLicensingClient {
        try HTTPLicensingClient(
            endpoint: Endpoint(loopbackPort: server.port), apiKey: APIKey("abcdefghijklmnopqrstuvwxyz"),
            retryPolicy: .fast(attempts: attempts, maximumDelay: 0.02), requestTimeout: 5)
    }

    @Test func aCreateSentWithoutAReplyHasAnUnknownOutcomeAndIsNotRepeated() async throws {
        let server = try HostileServer(.hangUpAfterRequest)
        defer { server.stop() }
        let client = try client(for: server, attempts: 3)
        await #expect { try await client.createLicense(CreateLicenseRequest(issuedTo: "A", entitlements: [.lua])) } throws: { error in
            guard case .outcomeUnknown(let operation, _) = error as? LicensingError else { return false }
            return operation == "create" && "\(error)".contains("check with `netify-licenses list` before trying again")
        }
        #expect(server.requests == 1, "a create that may have been carried out is never sent twice")
    }

    @Test func aReadWithoutAReplyIsRetriedAndReportedAsAConnectionFailure() async throws {
        let server = try HostileServer(.hangUpAfterRequest)
        defer { server.stop() }
        let client = try client(for: server, attempts: 2)
        await #expect(throws: LicensingError.self) { try await client.readableLicenses() }
        #expect(server.requests == 2)
    }
}
