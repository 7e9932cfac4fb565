import ArgumentParser

@main
struct NetifyLicensesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "netify-licenses",
        abstract: "Issue, renew and retire Netify agent licenses.",
        discussion: """
            Run without a subcommand to open the dashboard. With no API key configured
            the dashboard runs on an embedded local sandbox.

            Settings come from flags, then NETIFY_API_KEY and NETIFY_ENDPOINT, then
            $XDG_CONFIG_HOME/netify-licenses/config.
            """,
        subcommands: [SandboxCommand.self]
    )
}
