// The library a host application imports: every layer, re-exported, as swift-collections'
// `Collections` module re-exports its collection modules. A host that wants less imports one
// layer (`LedgerStore` for the bytes alone, `LedgerAudit` for the questions).
@_exported import LedgerAudit
@_exported import LedgerDomain
@_exported import LedgerEvents
@_exported import LedgerImport
@_exported import LedgerReturns
@_exported import LedgerStore
@_exported import LedgerSupport
