/// The two documents a license is written as, from the field table
/// (`LicenseField`): the sandbox serves them, the CLI prints and exports them,
/// and the list decoder's fast path knows a license it can keep without its
/// bytes by the same table.
extension License {
    /// The object format: every member the sandbox documents, in the field table's order.
    public func writeObjectDocument(to output: inout JSONOutput) {
        output.beginObject()
        for field in LicenseField.objectOrder { field.write(self, format: .object, to: &output) }
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
        for field in LicenseField.netifydOrder { field.write(self, format: .netifyd, to: &output) }
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
