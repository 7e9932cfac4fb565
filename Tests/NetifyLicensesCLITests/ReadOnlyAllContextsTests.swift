import Foundation
import LicenseModel
import Logging
@testable import netify_licenses
import SandboxTestSupport
import Testing

/// `--readonly` with every context at once (`:ctx all`): each context's
/// client refuses writes, and the view is still the router that knows whose
/// each row is (wrapped whole, it could not tell, and rows lost their context).
@Suite("Read-only across contexts")
struct ReadOnlyAllContextsTests {
    @Test func readonlyAllKeepsTheRouterAndRefusesEveryWrite() async throws {
        let world = try await ContextTests.World.start()
        try await withCleanup({ await world.stop() }) {
            // A license only east has (the fleets share their serials).
            let onEast = try await world.east.client().createLicense(CreateLicenseRequest(issuedTo: "Readonly", entitlements: [.lua], expiry: .durationDays(2)))
            let command = try DashboardCommand.parse(["--readonly", "--config", world.config])
            let open = command.contextOpener(environment: world.environment, logger: Logger(label: "test"))
            let session = try await open("all")
            let router = try #require(session.client.allContexts, "the view across contexts ends in the router")
            let list = try await router.licenseList(format: .object, expectedCount: 0)
            let owners = await router.ownership().owners
            let serial = onEast.serial
            #expect(list.licenses.contains { $0.serial == serial })
            #expect(owners[serial] == "east", "each row's context is known")
            let before = try await world.east.client().readableLicenses()
            await #expect { try await router.renewLicense(serial: serial, RenewLicenseRequest(expiry: .durationDays(30)), format: .object) } throws: { error in
                "\(error)".contains("--readonly")
            }
            #expect(try await world.east.client().readableLicenses() == before, "nothing was sent")
        }
    }
}
