import LedgerStore
import LedgerSupport

/// The stream categories of the case-allocation vocabulary: `case/C123`, `worker/W7`, `team/T1`,
/// `policy/authority`, `import/<batch>`. They live here, not in the store, because the store
/// treats a stream name as opaque text.
extension StreamName {
    public static func `case`(_ id: String) -> StreamName { StreamName("case/" + id) }
    public static func worker(_ id: String) -> StreamName { StreamName("worker/" + id) }
    public static func team(_ id: String) -> StreamName { StreamName("team/" + id) }
    public static func policy(_ id: String) -> StreamName { StreamName("policy/" + id) }
    public static func importBatch(_ id: String) -> StreamName { StreamName("import/" + id) }
}
