/// Licenses with what sorting and filtering need precomputed once, so that
/// each keystroke or column change only compares prepared keys.
public struct LicenseCatalog: Sendable {
    public private(set) var licenses: [License]
    /// Lowercased text of every searchable member, per license, each ending in
    /// a 0 byte, laid end to end: one buffer that a keystroke scans with memchr.
    package private(set) var searchBuffer: [UInt8] = []
    /// Where each license's text starts in `searchBuffer`.
    package private(set) var searchStarts: [Int] = []
    /// Where the sort keys of the string columns lie in each license's search
    /// text: the keys are those bytes, not copies (three arrays per license
    /// would cost 300,000 allocations at 100k).
    package private(set) var keyOffsets: [KeyOffsets] = []

    /// Offsets from the license's start in `searchBuffer`.
    package struct KeyOffsets {
        package var issuedTo: Int32
        package var target: Int32
        package var entitlements: Int32
        package var entitlementsEnd: Int32

        package init(issuedTo: Int32, target: Int32, entitlements: Int32, entitlementsEnd: Int32) {
            self.issuedTo = issuedTo
            self.target = target
            self.entitlements = entitlements
            self.entitlementsEnd = entitlementsEnd
        }

        func range(of field: LicenseSortField, from start: Int) -> Range<Int> {
            switch field {
            case .issuedTo: return (start + Int(issuedTo))..<(start + Int(target) - 1)
            case .target: return (start + Int(target))..<(start + Int(entitlements) - 1)
            default: return (start + Int(entitlements))..<(start + Int(entitlementsEnd))
            }
        }
    }
    /// Each license's position in serial order: the tie-breaker of every sort,
    /// compared as one integer instead of two strings.
    package private(set) var serialRank: [Int32] = []
    /// The licenses in serial order (`serialRank` inverted): a serial is found
    /// by binary search, and a create or delete moves ranks instead of sorting again.
    private(set) var bySerial: [Int32] = []

    public init(_ licenses: [License]) {
        self.init(licenses, indexingText: true)
    }

    /// `indexingText` false leaves out the search text: such a catalog can be
    /// ordered by a number or the serial, never filtered by text nor ordered by
    /// a text column (a one-off sort of a million, where the text would be
    /// a quarter of the memory and of the time).
    init(_ licenses: [License], indexingText: Bool) {
        // The array is adopted, not copied: at 100k a copy is 15 MB more at the peak of a refresh.
        self.licenses = licenses
        if indexingText {
            searchStarts.reserveCapacity(licenses.count)
            searchBuffer.reserveCapacity(licenses.count * 128)
            keyOffsets.reserveCapacity(licenses.count)
            for license in licenses { indexText(of: license) }
        }
        rankSerials()
    }

    /// A catalog from an index built before (read back from the list cache); the caller has checked it fits.
    package init(licenses: [License], searchBuffer: [UInt8], searchStarts: [Int], keyOffsets: [KeyOffsets], serialRank: [Int32]) {
        self.licenses = licenses
        self.searchBuffer = searchBuffer
        self.searchStarts = searchStarts
        self.keyOffsets = keyOffsets
        self.serialRank = serialRank
        var inverse = [Int32](repeating: 0, count: serialRank.count)
        for (index, rank) in serialRank.enumerated() where Int(rank) < inverse.count { inverse[Int(rank)] = Int32(index) }
        bySerial = inverse
    }

    /// Serial order. The serials are laid end to end in one buffer for the
    /// sort, not copied into an array each.
    mutating func rankSerials() {
        var text: [UInt8] = []
        text.reserveCapacity(licenses.count * 20)
        var starts: [Int] = []
        starts.reserveCapacity(licenses.count + 1)
        for index in licenses.indices {
            starts.append(text.count)
            text += licenses[index].serial.utf8
        }
        starts.append(text.count)
        var order = Array(licenses.indices)
        text.withUnsafeBytes { buffer in
            // Each serial's first 24 bytes as three big-endian words, zero-padded: comparing the
            // words is comparing the bytes (a serial is 18), without a call per comparison; equal
            // words leave it to the bytes (longer serials, or a zero byte against the padding).
            var words = [UInt64](repeating: 0, count: licenses.count * 3)
            for index in licenses.indices {
                let serial = buffer[starts[index]..<starts[index + 1]]
                for (offset, byte) in serial.prefix(24).enumerated() {
                    words[index * 3 + offset / 8] |= UInt64(byte) << (56 - 8 * UInt64(offset % 8))
                }
            }
            words.withUnsafeBufferPointer { words in
                order.sort { a, b in
                    for word in 0..<3 where words[a * 3 + word] != words[b * 3 + word] {
                        return words[a * 3 + word] < words[b * 3 + word]
                    }
                    return ByteOrder.compare(
                        UnsafeRawBufferPointer(rebasing: buffer[starts[a]..<starts[a + 1]]),
                        UnsafeRawBufferPointer(rebasing: buffer[starts[b]..<starts[b + 1]])) < 0
                }
            }
        }
        var rank = [Int32](repeating: 0, count: licenses.count)
        for (position, index) in order.enumerated() { rank[index] = Int32(position) }
        serialRank = rank
        bySerial = order.map { Int32($0) }
    }

    /// The first position in serial order whose serial is not below `serial` (`upper`: above it).
    private func serialBound(_ serial: String, upper: Bool) -> Int {
        var serial = serial
        return serial.withUTF8 { wanted in
            var low = 0, high = bySerial.count
            while low < high {
                let middle = (low + high) / 2
                var other = licenses[Int(bySerial[middle])].serial
                let comparison = other.withUTF8 { ByteOrder.compare(UnsafeRawBufferPointer($0), UnsafeRawBufferPointer(wanted)) }
                if comparison < 0 || (upper && comparison == 0) { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    public var count: Int { licenses.count }

    /// The first license with this serial, by binary search in serial order.
    public func index(ofSerial serial: String) -> Int? {
        guard bySerial.count == licenses.count else { return licenses.firstIndex { $0.serial == serial } }
        var position = serialBound(serial, upper: false)
        var found: Int?
        // A serial listed twice: the first of them in list order, as before.
        while position < bySerial.count, licenses[Int(bySerial[position])].serial == serial {
            found = min(found ?? Int.max, Int(bySerial[position]))
            position += 1
        }
        return found
    }

    /// Adds a license at the end; its serial takes its rank without sorting the others again.
    public mutating func append(_ license: License) {
        let rank = serialBound(license.serial, upper: true)
        licenses.append(license)
        indexText(of: license)
        let limit = Int32(rank)
        for index in serialRank.indices where serialRank[index] >= limit { serialRank[index] += 1 }
        serialRank.append(limit)
        bySerial.insert(Int32(licenses.count - 1), at: rank)
    }

    mutating func indexText(of license: License) {
        searchStarts.append(searchBuffer.count)
        keyOffsets.append(LicenseCatalog.appendSearchText(of: license, to: &searchBuffer))
    }

    /// Replaces the license with the same serial, or appends it; returns its position.
    @discardableResult
    public mutating func upsert(_ license: License) -> Int {
        guard let index = index(ofSerial: license.serial) else {
            append(license)
            return licenses.count - 1
        }
        licenses[index] = license
        var text: [UInt8] = []
        let offsets = LicenseCatalog.appendSearchText(of: license, to: &text)
        // A renew changes no searchable text: the index is left as it is.
        let range = searchRange(index)
        if range.count == text.count {
            if !searchBuffer[range].elementsEqual(text) { searchBuffer.replaceSubrange(range, with: text) }
        } else {
            replaceSearchText(at: index, with: text)
        }
        keyOffsets[index] = offsets
        return index
    }

    /// Removes the first license with this serial; returns the position it had
    /// (the licenses after it move up one).
    @discardableResult
    public mutating func remove(serial: String) -> Int? {
        guard let index = index(ofSerial: serial) else { return nil }
        replaceSearchText(at: index, with: [])
        searchStarts.remove(at: index)
        licenses.remove(at: index)
        keyOffsets.remove(at: index)
        let rank = serialRank.remove(at: index)
        bySerial.remove(at: Int(rank))
        let position = Int32(index)
        for other in serialRank.indices where serialRank[other] > rank { serialRank[other] -= 1 }
        for other in bySerial.indices where bySerial[other] > position { bySerial[other] -= 1 }
        return index
    }

    /// The byte range of one license's search text.
    func searchRange(_ index: Int) -> Range<Int> {
        searchStarts[index]..<(index + 1 < searchStarts.count ? searchStarts[index + 1] : searchBuffer.count)
    }

    mutating func replaceSearchText(at index: Int, with bytes: [UInt8]) {
        let range = searchRange(index)
        searchBuffer.replaceSubrange(range, with: bytes)
        let shift = bytes.count - range.count
        if shift != 0 {
            for following in (index + 1)..<searchStarts.count { searchStarts[following] += shift }
        }
    }

    /// Appends a license's search text, lowercased: serial, issued_to,
    /// target_uid, entitlements and the free texts, each ended by a 0 byte.
    static func appendSearchText(of license: License, to text: inout [UInt8]) -> KeyOffsets {
        let start = text.count
        func append(_ part: String) {
            appendFolded(part, to: &text)
            text.append(0)
        }
        func offset() -> Int32 { Int32(text.count - start) }
        append(license.serial)
        let issuedTo = offset()
        append(license.issuedTo)
        let target = offset()
        append(license.targetUID ?? "")
        let entitlements = offset()
        for (position, entitlement) in license.entitlements.enumerated() {
            if position > 0 { text.append(UInt8(ascii: " ")) }
            appendFolded(entitlement.rawValue, to: &text)
        }
        let entitlementsEnd = offset()
        text.append(0)
        for freeText in FreeText.allCases {
            guard let part = license.texts[freeText], !part.isEmpty else { continue }
            append(part)
        }
        return KeyOffsets(issuedTo: issuedTo, target: target, entitlements: entitlements, entitlementsEnd: entitlementsEnd)
    }

    /// Positions in `licenses` of those the filter keeps, in sort order.
    /// Ties keep a stable order by serial, so rows never jump between refreshes.
    public func indices(filter: LicenseFilter, sort: LicenseSort, thresholds: ExpiryThresholds, now: Int64) -> [Int] {
        var kept = matching(filter: filter, thresholds: thresholds, now: now)
        order(&kept, by: sort, thresholds: thresholds, now: now)
        return kept
    }

    public func matching(filter: LicenseFilter, thresholds: ExpiryThresholds, now: Int64) -> [Int] {
        matching(Array(licenses.indices), filter: filter, thresholds: thresholds, now: now)
    }

    /// The positions, in the order given, whose licenses the filter keeps:
    /// filtering an already sorted list keeps it sorted without sorting again.
    public func matching(_ positions: [Int], filter: LicenseFilter, thresholds: ExpiryThresholds, now: Int64) -> [Int] {
        if filter.isEmpty { return positions }
        // Every word must match, in any order: the longest is searched for
        // first (the fewest licenses hold it), the others in those it found.
        let needles = filter.textNeedles.map { LicenseCatalog.foldedBytes($0).filter { $0 != 0 } }.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        let needle = needles.first ?? []
        let others = needles.dropFirst()
        var kept: [Int] = []
        kept.reserveCapacity(positions.count)
        // Many candidates: one scan of the whole buffer. Few (a narrowing
        // keystroke): check only theirs.
        let wholeScan = !needle.isEmpty && positions.count > licenses.count / 16
        let textMatches = wholeScan ? licensesContaining(needle) : []
        // Text alone is the keystroke case: no license is even looked at.
        let textOnly = !filter.hasConditions && filter.excludedText.isEmpty
        let excluded = filter.excludedText.map { LicenseCatalog.foldedBytes($0).filter { $0 != 0 } }.filter { !$0.isEmpty }
        if textOnly, wholeScan {
            return positions.filter { position in textMatches[position] && others.allSatisfy { licenseText(position, contains: $0) } }
        }
        for index in positions {
            if !textOnly {
                guard LicenseCatalog.passesConditions(licenses[index], filter, thresholds: thresholds, now: now) else { continue }
                if excluded.contains(where: { licenseText(index, contains: $0) }) { continue }
            }
            if !needle.isEmpty {
                if wholeScan { guard textMatches[index] else { continue } }
                else { guard licenseText(index, contains: needle) else { continue } }
                guard others.allSatisfy({ licenseText(index, contains: $0) }) else { continue }
            }
            kept.append(index)
        }
        return kept
    }

    /// Which licenses' text contains the needle, found in one pass over the buffer.
    func licensesContaining(_ needle: [UInt8]) -> [Bool] {
        var matched = [Bool](repeating: false, count: licenses.count)
        let starts = searchStarts
        searchBuffer.withUnsafeBytes { buffer in
            needle.withUnsafeBytes { pattern in
                guard let base = buffer.baseAddress, buffer.count >= pattern.count else { return }
                let first = Int32(needle[0])
                let lastStart = buffer.count - pattern.count
                var offset = 0
                var license = 0
                while offset <= lastStart {
                    guard let found = memchr(base + offset, first, lastStart - offset + 1) else { return }
                    let position = base.distance(to: UnsafeRawPointer(found))
                    if memcmp(base + position, pattern.baseAddress!, pattern.count) == 0 {
                        while license + 1 < starts.count, starts[license + 1] <= position { license += 1 }
                        matched[license] = true
                        // One match per license is enough: jump to the next one.
                        license += 1
                        guard license < starts.count else { return }
                        offset = starts[license]
                    } else {
                        offset = position + 1
                    }
                }
            }
        }
        return matched
    }

    func licenseText(_ index: Int, contains needle: [UInt8]) -> Bool {
        let range = searchRange(index)
        return searchBuffer.withUnsafeBytes { buffer in
            LicenseCatalog.contains(UnsafeRawBufferPointer(rebasing: buffer[range]), needle)
        }
    }

    /// Every condition of the filter but its text: what a list can also be chosen by as it arrives.
    public static func passesConditions(_ license: License, _ filter: LicenseFilter, thresholds: ExpiryThresholds, now: Int64) -> Bool {
        if let days = filter.expiringWithinDays, !license.isExpiring(within: days, now: now) { return false }
        if !filter.statuses.isEmpty, !filter.statuses.contains(thresholds.status(of: license.expireAt, now: now)) { return false }
        if !filter.entitlements.isEmpty, !filter.entitlements.isSubset(of: license.entitlements) { return false }
        if let range = filter.daysLeft, !range.contains(license.daysLeft(now: now)) { return false }
        if !filter.excludedStatuses.isEmpty, filter.excludedStatuses.contains(thresholds.status(of: license.expireAt, now: now)) { return false }
        if filter.requiresDue || filter.excludesDue, thresholds.isDue(license, now: now) != filter.requiresDue { return false }
        if !filter.excludedEntitlements.isEmpty, !filter.excludedEntitlements.isDisjoint(with: license.entitlements) { return false }
        if !filter.excludedDays.isEmpty {
            let days = license.daysLeft(now: now)
            if filter.excludedDays.contains(where: { $0.contains(days) }) { return false }
        }
        return true
    }

    /// Filters then sorts a one-off list (the CLI). Without a text filter the
    /// cheap conditions run first, so only the licenses kept are indexed.
    /// Without text, and ordered by a number or the serial, no search text is made at all.
    public static func select(_ licenses: [License], filter: LicenseFilter, sort: LicenseSort, thresholds: ExpiryThresholds, now: Int64) -> [License] {
        guard filter.text.trimmingWhitespace().isEmpty && filter.excludedText.isEmpty else {
            return LicenseCatalog(licenses).apply(filter: filter, sort: sort, thresholds: thresholds, now: now)
        }
        // A list the stream already selected passes whole: it is then not copied.
        let passing = licenses.indices.filter { passesConditions(licenses[$0], filter, thresholds: thresholds, now: now) }
        let candidates = passing.count == licenses.count ? licenses : passing.map { licenses[$0] }
        let catalog = LicenseCatalog(candidates, indexingText: sort.field.ordersByText)
        var positions = Array(candidates.indices)
        catalog.order(&positions, by: sort, thresholds: thresholds, now: now)
        return positions.map { candidates[$0] }
    }

    /// The number a numeric column sorts by; nil for the text columns and the serial.
    static func numberKey(_ field: LicenseSortField, thresholds: ExpiryThresholds, now: Int64) -> ((License) -> Int64)? {
        switch field {
        case .serial, .issuedTo, .target, .entitlements: return nil
        case .expires, .daysLeft: return { $0.expireAt.unixSeconds }
        case .created: return { $0.createdAt?.unixSeconds ?? Int64.min }
        case .renewable: return { ($0.renewable ?? true) ? 1 : 0 }
        case .status:
            // Most urgent first, then soonest to expire within the same status.
            return { license in
                let status = thresholds.status(of: license.expireAt, now: now)
                return Int64(ExpiryStatus.allCases.firstIndex(of: status)!) << 40 + license.expireAt.unixSeconds
            }
        }
    }

    /// Whether the license at `a` comes before the one at `b` in `sort` order:
    /// the order `order` sorts by, one comparison at a time.
    public func sortsBefore(_ a: Int, _ b: Int, by sort: LicenseSort, thresholds: ExpiryThresholds, now: Int64) -> Bool {
        let ascending = sort.ascending
        if let key = LicenseCatalog.numberKey(sort.field, thresholds: thresholds, now: now) {
            let keyA = key(licenses[a]), keyB = key(licenses[b])
            if keyA != keyB { return ascending ? keyA < keyB : keyB < keyA }
            return serialRank[a] < serialRank[b]
        }
        if sort.field == .serial { return ascending ? serialRank[a] < serialRank[b] : serialRank[a] > serialRank[b] }
        let comparison = searchBuffer.withUnsafeBytes { buffer in
            ByteOrder.compare(
                UnsafeRawBufferPointer(rebasing: buffer[keyOffsets[a].range(of: sort.field, from: searchStarts[a])]),
                UnsafeRawBufferPointer(rebasing: buffer[keyOffsets[b].range(of: sort.field, from: searchStarts[b])]))
        }
        if comparison != 0 { return ascending ? comparison < 0 : comparison > 0 }
        return serialRank[a] < serialRank[b]
    }

    /// Where the license at `index` goes in `positions` (in `sort` order, without it): a binary search.
    public func insertionPoint(of index: Int, in positions: [Int], by sort: LicenseSort, thresholds: ExpiryThresholds, now: Int64) -> Int {
        var low = 0, high = positions.count
        while low < high {
            let middle = (low + high) / 2
            if sortsBefore(positions[middle], index, by: sort, thresholds: thresholds, now: now) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    public func order(_ positions: inout [Int], by sort: LicenseSort, thresholds: ExpiryThresholds, now: Int64) {
        let rank = serialRank
        let ascending = sort.ascending
        // Keys are computed once per license, then compared: a comparator that
        // derived them would do so twice per comparison, 3.4 million times at 100k.
        func byNumber(_ key: (License) -> Int64) {
            var keys = [Int64](repeating: 0, count: licenses.count)
            for index in positions { keys[index] = key(licenses[index]) }
            positions.sort { a, b in
                let keyA = keys[a], keyB = keys[b]
                if keyA != keyB { return ascending ? keyA < keyB : keyB < keyA }
                return rank[a] < rank[b]
            }
        }
        func byBytes(_ field: LicenseSortField) {
            // A fleet shares its customers and entitlement sets: each distinct key
            // is ranked once by its bytes, and the licenses are then sorted by that
            // number. Comparing the bytes themselves twenty million times over was
            // the slow part (1.3 s at a million); the order is the same.
            let ranks = LicenseCatalog.textKeyRanks(of: positions, field: field, in: searchBuffer, starts: searchStarts, offsets: keyOffsets, count: licenses.count)
            positions.sort { a, b in
                let keyA = ranks[a], keyB = ranks[b]
                if keyA != keyB { return ascending ? keyA < keyB : keyB < keyA }
                return rank[a] < rank[b]
            }
        }
        if sort.field == .serial {
            positions.sort { ascending ? rank[$0] < rank[$1] : rank[$0] > rank[$1] }
        } else if sort.field.ordersByText {
            byBytes(sort.field)
        } else {
            byNumber(LicenseCatalog.numberKey(sort.field, thresholds: thresholds, now: now)!)
        }
    }

    /// For each license at `positions`, the rank of its `field` key among the
    /// distinct keys (equal bytes, equal rank), indexed by license position.
    static func textKeyRanks(
        of positions: [Int], field: LicenseSortField, in text: [UInt8], starts: [Int], offsets: [KeyOffsets], count: Int
    ) -> [Int32] {
        var ranks = [Int32](repeating: 0, count: count)
        text.withUnsafeBytes { buffer in
            func key(_ range: Range<Int>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: buffer[range]) }
            // Distinct keys by hash, open addressing: a slot holds a distinct key's number + 1.
            var size = 16
            while size < positions.count * 2 { size <<= 1 }
            var slots = [Int32](repeating: 0, count: size)
            let mask = slots.count - 1
            var distinct: [Range<Int>] = []
            var distinctHash: [UInt64] = []
            var keyNumber = [Int32](repeating: 0, count: count)
            for index in positions {
                let range = offsets[index].range(of: field, from: starts[index])
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                for byte in key(range) { hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3 }
                var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
                while true {
                    let held = slots[slot]
                    if held == 0 {
                        distinct.append(range)
                        distinctHash.append(hash)
                        slots[slot] = Int32(distinct.count)
                        keyNumber[index] = Int32(distinct.count - 1)
                        break
                    }
                    let number = Int(held - 1)
                    if distinctHash[number] == hash, ByteOrder.equal(key(distinct[number]), key(range)) {
                        keyNumber[index] = Int32(number)
                        break
                    }
                    slot = (slot + 1) & mask
                }
            }
            var order = Array(distinct.indices)
            order.sort { ByteOrder.compare(key(distinct[$0]), key(distinct[$1])) < 0 }
            var rankOf = [Int32](repeating: 0, count: distinct.count)
            for (rank, number) in order.enumerated() { rankOf[number] = Int32(rank) }
            for index in positions { ranks[index] = rankOf[Int(keyNumber[index])] }
        }
        return ranks
    }

    /// Convenience for one-shot callers (the CLI).
    public func apply(filter: LicenseFilter, sort: LicenseSort, thresholds: ExpiryThresholds, now: Int64) -> [License] {
        indices(filter: filter, sort: sort, thresholds: thresholds, now: now).map { licenses[$0] }
    }

    /// Folds case and accents: ASCII is lowercased byte-wise; `Zürich`,
    /// `ZURICH` and `zurich` all become `zurich` (Latin letters lose their
    /// diacritics, combining marks are dropped); other text (CJK) is compared
    /// as written. Cheap enough to run on every keystroke.
    static func foldedBytes(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        appendFolded(text, to: &bytes)
        return bytes
    }

    package static func appendFolded(_ text: String, to output: inout [UInt8]) {
        let start = output.count
        var isASCII = true
        output += text.utf8
        for index in start..<output.count {
            let byte = output[index]
            if byte >= 0x41, byte <= 0x5A { output[index] = byte | 0x20 } else if byte >= 0x80 { isASCII = false }
        }
        guard !isASCII else { return }
        // Scalar by scalar only where folding changes something: a dash or a
        // CJK name has no case and no accent, and is kept as it is.
        guard text.unicodeScalars.contains(where: {
            !$0.isASCII && ((0xC0...0x36F).contains($0.value) || $0.properties.changesWhenLowercased)
        }) else { return }
        output.removeSubrange(start...)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                let byte = UInt8(value)
                output.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            } else if (0x300...0x36F).contains(value) {
                continue
            } else if (0xC0...0x17F).contains(value), let base = LicenseCatalog.latinBase[Int(value - 0xC0)] {
                output += base
            } else if scalar.properties.changesWhenLowercased {
                output += scalar.properties.lowercaseMapping.utf8
            } else {
                // A dash, a CJK character: its own bytes, without building a String.
                UTF8.encode(scalar) { output.append($0) }
            }
        }
    }

    /// U+00C0 to U+017F without their accents, lowercased (nil: keep the letter, as × and ÷).
    static let latinBase: [[UInt8]?] = {
        let latin1 = "a a a a a a ae c e e e e i i i i d n o o o o o - o u u u u y th ss a a a a a a ae c e e e e i i i i d n o o o o o - o u u u u y th y"
        let extendedA = "a a a a a a c c c c c c c c d d d d e e e e e e e e e e g g g g g g g g h h h h i i i i i i i i i i ij ij j j k k k l l l l l l l l l l n n n n n n n n n o o o o o o oe oe r r r r r r s s s s s s s s t t t t t t u u u u u u u u u u u u w w y y y z z z z z z s"
        return (latin1 + " " + extendedA).split(separator: " ").map { $0 == "-" ? nil : Array($0.utf8) }
    }()

    static func contains(_ hay: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard needle.count <= hay.count, !needle.isEmpty else { return needle.isEmpty }
        // memchr finds candidates for the first byte at vector speed; memcmp checks the rest.
        return needle.withUnsafeBytes { pin in
                let base = hay.baseAddress!, pattern = pin.baseAddress!
                let first = Int32(needle[0])
                let lastStart = hay.count - pin.count
                var offset = 0
                while offset <= lastStart {
                    guard let found = memchr(base + offset, first, lastStart - offset + 1) else { return false }
                    let position = base.distance(to: UnsafeRawPointer(found))
                    if memcmp(base + position, pattern, pin.count) == 0 { return true }
                    offset = position + 1
                }
                return false
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
