import Foundation
import LedgerEvents
import LedgerStore
import LedgerSupport

/// A team as registered.
public struct TeamInfo: Sendable, Hashable {
    public var teamId: String
    public var name: String
    public var serviceArea: ServiceArea
    public var managerId: String?
    public var citation: Citation
}
