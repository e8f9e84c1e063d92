import LedgerStore
import LedgerSupport

/// A legacy export was loaded: which file (by content hash), how it was read, and what came of
/// every row. Appended in the same atomic batch as the events it produced.
public struct ImportBatchRecorded: EventPayload {
    public static let typeName = "ImportBatchRecorded"
    public static let schemaVersion = 1

    public let batchId: String
    /// The file's name as given (its path stays out of the log).
    public let fileName: String
    /// SHA-256 of the file's bytes, lowercase hex; makes a re-import of the same file detectable.
    public let fileSHA256: String
    /// The column mapping used, such as `ssd`, `liquidlogic` or `mosaic`.
    public let preset: String
    public let rowCountRead: Int
    public let rowCountImported: Int
    public let rowCountRejected: Int
    /// Rows loaded but flagged (open-ended markers, zero-length or overlapping involvements, ...).
    public let anomalyCount: Int
    /// Events produced by the batch, this one excluded.
    public let eventCount: Int

    public init(
        batchId: String, fileName: String, fileSHA256: String, preset: String, rowCountRead: Int,
        rowCountImported: Int, rowCountRejected: Int, anomalyCount: Int, eventCount: Int
    ) {
        self.batchId = batchId
        self.fileName = fileName
        self.fileSHA256 = fileSHA256
        self.preset = preset
        self.rowCountRead = rowCountRead
        self.rowCountImported = rowCountImported
        self.rowCountRejected = rowCountRejected
        self.anomalyCount = anomalyCount
        self.eventCount = eventCount
    }

    public var stream: StreamName { .importBatch(batchId) }
}
