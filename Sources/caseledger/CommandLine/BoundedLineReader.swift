#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CaseLedger
import LedgerSimulation

/// Why a line could not be read.
public enum LineReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The line grew past the limit; reading stopped there, so no more of it was buffered.
    case lineTooLong(lineNumber: Int, sizeBytesMax: Int)
    case io(IOFailure)

    public var description: String {
        switch self {
        case .lineTooLong(let number, let maximum):
            return "line \(number) is longer than \(maximum) bytes (the limit of one command); nothing was appended"
        case .io(let failure):
            return "cannot read: \(failure)"
        }
    }
}

/// Reads a file or standard input one line at a time with a size limit per line, checked while
/// reading: an 80 MB line is refused after its first `lineSizeBytesMax` bytes, not after
/// buffering all of it, and a million lines never sit in memory at once.
public final class BoundedLineReader {
    public let lineSizeBytesMax: Int
    /// The number of the line last returned (1-based).
    public private(set) var lineNumber = 0
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let path: String
    private var buffer: [UInt8] = []
    private var start = 0
    private var isAtEnd = false
    private static let chunkByteCount = 1 << 16

    /// Reads standard input (not closed when done).
    public init(standardInputWithLineSizeBytesMax lineSizeBytesMax: Int) {
        descriptor = STDIN_FILENO
        ownsDescriptor = false
        path = "standard input"
        self.lineSizeBytesMax = lineSizeBytesMax
    }

    public init(path: String, lineSizeBytesMax: Int) throws(LineReadError) {
        let opened = open(path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else { throw .io(IOFailure(operation: "open", path: path, errorNumber: errno)) }
        descriptor = opened
        ownsDescriptor = true
        self.path = path
        self.lineSizeBytesMax = lineSizeBytesMax
    }

    deinit {
        if ownsDescriptor { _ = close(descriptor) }
    }

    /// The next line without its LF, or nil at the end of the input.
    public func nextLine() throws(LineReadError) -> [UInt8]? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                lineNumber += 1
                try check(line.count, lineNumber: lineNumber)
                return line
            }
            try check(buffer.count - start, lineNumber: lineNumber + 1)
            if isAtEnd {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                lineNumber += 1
                return line
            }
            try fill()
        }
    }

    private func check(_ size: Int, lineNumber: Int) throws(LineReadError) {
        if size > lineSizeBytesMax { throw .lineTooLong(lineNumber: lineNumber, sizeBytesMax: lineSizeBytesMax) }
    }

    private func fill() throws(LineReadError) {
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: Self.chunkByteCount)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .io(IOFailure(operation: "read", path: path, errorNumber: errno))
            }
            if count == 0 { isAtEnd = true } else { buffer.append(contentsOf: chunk[0..<count]) }
            return
        }
    }
}
