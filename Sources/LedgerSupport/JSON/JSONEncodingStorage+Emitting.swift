/// The second pass: writing the slot tree to ``JSONEncodingStorage/output`` with sorted keys.
extension JSONEncodingStorage {
    /// Appends the JSON of `slot` to the output.
    package func emit(_ slot: Int) {
        let value = slots[slot]
        switch value.kind {
        case .leaf:
            output.append(arena.base + value.valueStart, count: value.valueEnd - value.valueStart)
        case .empty:
            // Foundation writes a value that encoded nothing as an empty object.
            output.reserve(2)
            output.appendReserved(UInt8(ascii: "{"))
            output.appendReserved(UInt8(ascii: "}"))
        case .unkeyed:
            emitArray(containers[value.valueStart])
        case .keyed:
            emitObject(containers[value.valueStart])
        }
    }

    private func emitArray(_ container: Container) {
        output.append(UInt8(ascii: "["))
        var element = container.first
        var isFirst = true
        while element >= 0 {
            if !isFirst { output.append(UInt8(ascii: ",")) }
            isFirst = false
            emit(element)
            element = slots[element].next
        }
        output.append(UInt8(ascii: "]"))
    }

    private func emitObject(_ container: Container) {
        // The members' slot numbers go on the shared scratch stack; nested objects push above
        // them and pop before returning, so this range stays ours.
        let start = sortScratch.count
        var member = container.first
        sortScratch.reserve(container.count)
        while member >= 0 {
            sortScratch.appendReserved(member)
            member = slots[member].next
        }
        let end = sortScratch.count
        sortMembers(from: start, to: end)
        output.append(UInt8(ascii: "{"))
        var isFirst = true
        var index = start
        while index < end {
            let slot = sortScratch[index]
            // A key encoded twice keeps its last value, as in Foundation. The sort is stable,
            // so the last of a run of equal keys is the last one written.
            if index + 1 < end, compareKeys(slot, sortScratch[index + 1]) == 0 {
                index += 1
                continue
            }
            if !isFirst { output.append(UInt8(ascii: ",")) }
            isFirst = false
            let member = slots[slot]
            if member.kind == .leaf, member.prefixEnd == member.valueStart {
                // `"key":value` in one copy.
                output.append(arena.base + member.prefixStart, count: member.valueEnd - member.prefixStart)
            } else {
                output.append(arena.base + member.prefixStart, count: member.prefixEnd - member.prefixStart)
                emit(slot)
            }
            index += 1
        }
        output.append(UInt8(ascii: "}"))
        sortScratch.truncate(to: start)
    }

    /// Sorts the scratch range by key bytes, keeping equal keys in insertion order.
    private func sortMembers(from start: Int, to end: Int) {
        // Objects are small and usually come in declaration order: insertion sort is the
        // quickest stable sort for a dozen members.
        var index = start + 1
        while index < end {
            let slot = sortScratch[index]
            var hole = index
            while hole > start, compareKeys(slot, sortScratch[hole - 1]) < 0 {
                sortScratch[hole] = sortScratch[hole - 1]
                hole -= 1
            }
            sortScratch[hole] = slot
            index += 1
        }
    }

    /// Orders two members by the UTF-8 bytes of their keys (a shorter key first when one is a
    /// prefix of the other), the order Foundation's `.sortedKeys` produces on this toolchain.
    @inline(__always)
    private func compareKeys(_ left: Int, _ right: Int) -> Int {
        let leftSlot = slots[left]
        let rightSlot = slots[right]
        let shared = min(leftSlot.keyLength, rightSlot.keyLength)
        let leftBytes = arena.base + leftSlot.keyStart
        let rightBytes = arena.base + rightSlot.keyStart
        var offset = 0
        // Eight bytes at a time, read big-endian so integer order is byte order.
        while offset &+ 8 <= shared {
            let leftWord = UInt64(bigEndian: UnsafeRawPointer(leftBytes + offset).loadUnaligned(as: UInt64.self))
            let rightWord = UInt64(bigEndian: UnsafeRawPointer(rightBytes + offset).loadUnaligned(as: UInt64.self))
            if leftWord != rightWord { return leftWord < rightWord ? -1 : 1 }
            offset &+= 8
        }
        while offset < shared {
            if leftBytes[offset] != rightBytes[offset] { return leftBytes[offset] < rightBytes[offset] ? -1 : 1 }
            offset &+= 1
        }
        return leftSlot.keyLength - rightSlot.keyLength
    }
}
