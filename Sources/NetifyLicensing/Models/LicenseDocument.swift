/// The two documents a license is written as. These writers are the one
/// definition of each format's members and their order: the sandbox serves
/// them, the CLI prints and exports them, and the list decoder's fast path
/// recognises exactly what they write.
extension License {
    /// The object format: every member the sandbox documents, in this order.
    public func writeObjectDocument(to output: inout JSONOutput) {
        output.beginObject()
        output.name("version"); output.string(version ?? "1")
        output.name("serial"); output.string(serial)
        output.name("issued_to"); output.string(issuedTo)
        output.name("renewable"); output.bool(renewable ?? true)
        output.name("description"); output.string(description ?? "")
        output.name("notes"); output.string(notes ?? "")
        output.name("target_uid")
        if let targetUID { output.string(targetUID) } else { output.null() }
        output.name("entitlements")
        output.beginArray()
        for entitlement in entitlements { output.string(entitlement.rawValue) }
        output.endArray()
        output.name("created_at"); (createdAt ?? expireAt).write(to: &output)
        output.name("expire_at"); expireAt.write(to: &output)
        output.endObject()
    }

    /// The netifyd format, what the agent loads. A license the server sent in
    /// this format is written as it was sent.
    public func writeNetifydDocument(to output: inout JSONOutput) {
        if format == .netifyd, case .compact(let bytes) = storage {
            output.rawValue(bytes)
            return
        }
        output.beginObject()
        output.name("version"); output.string(version ?? "1")
        output.name("serial"); output.string(serial)
        output.name("issued_to"); output.string(issuedTo)
        if let targetUID { output.name("target_uid"); output.string(targetUID) }
        output.name("expire_at"); expireAt.write(to: &output)
        let notValidAfter = expireAt.date
        for entitlement in entitlements {
            output.name(entitlement.rawValue)
            output.beginObject()
            output.name("not_valid_after"); output.date(notValidAfter)
            output.endObject()
        }
        output.endObject()
    }

    /// The license as the server sent it, as JSON text.
    public func documentText(pretty: Bool = true) -> String {
        var output = JSONOutput(pretty: pretty)
        writeDocument(to: &output)
        return output.text
    }

    /// The netifyd document as JSON text, ready for `/etc/netifyd/license.json`.
    public func netifydDocumentText(pretty: Bool = true) -> String {
        var output = JSONOutput(pretty: pretty)
        writeNetifydDocument(to: &output)
        return output.text
    }

    /// What the fields write in the license's own format.
    func writeCanonicalDocument(to output: inout JSONOutput) {
        switch format {
        case .object: writeObjectDocument(to: &output)
        case .netifyd: writeNetifydDocument(to: &output)
        }
    }
}

extension LicenseInstant {
    /// `{"unix": …, "date": "YYYY-MM-DD"}`, the shape every reply uses.
    public func write(to output: inout JSONOutput) {
        output.beginObject()
        output.name("unix"); output.integer(unixSeconds)
        output.name("date"); output.date(date)
        output.endObject()
    }
}
