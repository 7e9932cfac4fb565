import LicenseModel

/// `list --changes`: what changed since the cached list, for people and scripts.
enum ChangesOutput {
    static func render(_ changes: ListChanges, since: Int64?, style: OutputStyle) -> String {
        if since == nil { Terminal.standardError("no cached list to compare with: every license counts as new") }
        switch style {
        case .json: return json(changes, since: since)
        case .csv: return csv(changes)
        case .table: return table(changes, since: since)
        }
    }

    /// One row per change: kind, serial, issued to, expiry before and after.
    static func rows(_ changes: ListChanges) -> [(kind: ListChanges.Kind, license: License, before: String, after: String)] {
        changes.new.map { (.new, $0, "", $0.expireAt.date.description) }
            + changes.renewed.map { (.renewed, $0.after, $0.before.expireAt.date.description, $0.after.expireAt.date.description) }
            + changes.changed.map { (.changed, $0.after, $0.before.expireAt.date.description, $0.after.expireAt.date.description) }
            + changes.gone.map { (.gone, $0, $0.expireAt.date.description, "") }
    }

    static func table(_ changes: ListChanges, since: Int64?) -> String {
        let when = since.map { " since \(UTCTime.stamp($0))" } ?? ""
        guard let summary = changes.summary else { return "Nothing changed\(when).\n" }
        var lines = [["CHANGE", "SERIAL", "ISSUED TO", "EXPIRED BEFORE", "EXPIRES NOW"]]
        for row in rows(changes) {
            lines.append([row.kind.rawValue, row.license.serial.safeForDisplay(limit: 40), row.license.issuedTo.safeForDisplay(limit: 40), row.before, row.after])
        }
        return summary + when + "\n" + TextTable.render(lines)
    }

    static func json(_ changes: ListChanges, since: Int64?) -> String {
        var output = JSONOutput(pretty: Terminal.isTerminal(1))
        output.beginObject()
        output.name("since")
        if let since { output.string(UTCTime.stamp(since)) } else { output.null() }
        for kind in ListChanges.Kind.allCases {
            output.name(kind.rawValue)
            output.beginArray()
            for row in rows(changes) where row.kind == kind {
                output.beginObject()
                output.name("serial"); output.string(row.license.serial)
                output.name("issued_to"); output.string(row.license.issuedTo)
                output.name("expire_before"); row.before.isEmpty ? output.null() : output.string(row.before)
                output.name("expire_after"); row.after.isEmpty ? output.null() : output.string(row.after)
                output.name("license"); row.license.document.write(to: &output)
                output.endObject()
            }
            output.endArray()
        }
        output.endObject()
        return String(decoding: output.bytes, as: UTF8.self) + "\n"
    }

    static func csv(_ changes: ListChanges) -> String {
        var text = "change,serial,issued_to,expire_before,expire_after\r\n"
        for row in rows(changes) {
            text += [row.kind.rawValue, row.license.serial, row.license.issuedTo, row.before, row.after].map(LicenseOutput.csvField).joined(separator: ",") + "\r\n"
        }
        return text
    }
}
