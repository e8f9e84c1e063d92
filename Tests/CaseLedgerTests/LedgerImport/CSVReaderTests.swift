import Foundation
import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

@Suite("CSV reader (RFC 4180)")
struct CSVReaderTests {
    static func read(_ text: String, options: CSVReader.Options = CSVReader.Options()) throws -> [[String]] {
        try CSVReader.records(in: text, options: options)
    }

    /// Reads `bytes` from a file in chunks of `chunkSizeBytes`, so every chunk boundary is exercised.
    static func readFile(_ bytes: [UInt8], chunkSizeBytes: Int, options: CSVReader.Options = CSVReader.Options()) throws -> [[String]] {
        let directory = TemporaryDirectory("csv")
        let path = directory.path + "/input.csv"
        try StoreFixtures.write(bytes, to: path)
        var options = options
        options.chunkSizeBytes = chunkSizeBytes
        let reader = try CSVReader(path: path, options: options)
        var result: [[String]] = []
        while let record = try reader.nextRecord() { result.append(record.fields) }
        return result
    }

    // MARK: RFC 4180 section 2, examples 1–7

    @Test("RFC 4180 examples", arguments: [
        ("aaa,bbb,ccc\r\nzzz,yyy,xxx\r\n", [["aaa", "bbb", "ccc"], ["zzz", "yyy", "xxx"]]),
        ("aaa,bbb,ccc\r\nzzz,yyy,xxx", [["aaa", "bbb", "ccc"], ["zzz", "yyy", "xxx"]]),
        ("field_name,field_name,field_name\r\naaa,bbb,ccc\r\nzzz,yyy,xxx\r\n",
         [["field_name", "field_name", "field_name"], ["aaa", "bbb", "ccc"], ["zzz", "yyy", "xxx"]]),
        ("aaa,bbb,ccc", [["aaa", "bbb", "ccc"]]),
        ("\"aaa\",\"bbb\",\"ccc\"\r\nzzz,yyy,xxx", [["aaa", "bbb", "ccc"], ["zzz", "yyy", "xxx"]]),
        ("\"aaa\",\"b\r\nbb\",\"ccc\"\r\nzzz,yyy,xxx", [["aaa", "b\r\nbb", "ccc"], ["zzz", "yyy", "xxx"]]),
        ("\"aaa\",\"b\"\"bb\",\"ccc\"", [["aaa", "b\"bb", "ccc"]]),
    ])
    func rfcExamples(input: String, expected: [[String]]) throws {
        #expect(try Self.read(input) == expected)
    }

    @Test("edge cases", arguments: [
        ("", [[String]]()),
        ("a,b,c\r\n", [["a", "b", "c"]]),  // header only
        ("a,b,c", [["a", "b", "c"]]),
        (",,\n,,\n", [["", "", ""], ["", "", ""]]),  // empty fields
        ("\"\",\"\"\n", [["", ""]]),  // empty quoted fields
        ("a\n\n\nb\n", [["a"], ["b"]]),  // blank lines skipped
        ("a,b\nc,d", [["a", "b"], ["c", "d"]]),  // LF, no final newline
        ("a,b\rc,d\r", [["a", "b"], ["c", "d"]]),  // lone CR
        ("a,b\r\n\r\nc,d\r\n", [["a", "b"], ["c", "d"]]),
        ("\"a,b\",\"c\"\"d\"\"\",\"e\nf\"\n", [["a,b", "c\"d\"", "e\nf"]]),  // commas, quotes, line breaks in quotes
        ("\"\"\"\"\n", [["\""]]),  // a field that is one quote
        ("\"x\"\"\"\"y\"\n", [["x\"\"y"]]),  // quotes inside quotes
        ("ab\"c,d\n", [["ab\"c", "d"]]),  // a quote inside an unquoted field is text
        (" a , b \n", [[" a ", " b "]]),  // spaces are part of a field
        ("\u{FEFF}a,b\r\n1,2\r\n", [["a", "b"], ["1", "2"]]),  // UTF-8 byte-order mark
        ("é,ü\n", [["é", "ü"]]),
        ("a,\"\"\n", [["a", ""]]),
        ("\"a\"\r\n\"b\"", [["a"], ["b"]]),
    ])
    func edgeCases(input: String, expected: [[String]]) throws {
        #expect(try Self.read(input) == expected)
    }

    @Test("every chunk size gives the same records as reading in one piece", arguments: [1, 2, 3, 5, 7, 64])
    func chunkBoundaries(chunkSizeBytes: Int) throws {
        let text = "\u{FEFF}id,note,end\r\n1,\"a, \"\"quoted\"\"\r\nnote\",2024-01-01\r\n2,,\r\n\r\n3,\"x\",\"\"\r4,\"\n\",z\n5,last,row"
        let expected = try Self.read(text)
        #expect(expected.count == 6)
        #expect(try Self.readFile(Array(text.utf8), chunkSizeBytes: chunkSizeBytes) == expected)
    }

    @Test("records know the line they start on, counting line breaks inside quotes")
    func lineNumbers() throws {
        let reader = CSVReader(text: "h1,h2\r\n\"a\r\nb\",c\r\n\r\nd,\"e\nf\ng\"\nh,i")
        var lines: [Int] = []
        while let record = try reader.nextRecord() { lines.append(record.lineNumber) }
        #expect(lines == [1, 2, 5, 8])
    }

    @Test("an unterminated quote names the line where it opened and ends the reading")
    func unterminatedQuote() throws {
        let reader = CSVReader(text: "a,b\n1,2\n3,\"never closed\n4,5\n6,7\n")
        _ = try reader.nextRecord()
        _ = try reader.nextRecord()
        #expect(throws: CSVError.unterminatedQuote(lineNumber: 3)) { try reader.nextRecord() }
        #expect(throws: CSVError.unterminatedQuote(lineNumber: 3)) { try reader.nextRecord() }
    }

    @Test("a ragged row is reported with its line and the reader goes on")
    func raggedRow() throws {
        let reader = CSVReader(text: "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n")
        var good: [[String]] = []
        var errors: [CSVError] = []
        while true {
            do {
                guard let record = try reader.nextRecord() else { break }
                good.append(record.fields)
            } catch {
                #expect(error.isRecoverable)
                errors.append(error)
            }
        }
        #expect(good == [["a", "b", "c"], ["1", "2", "3"], ["10", "11", "12"]])
        #expect(errors == [.raggedRow(lineNumber: 3, fieldCount: 2, expectedFieldCount: 3),
                           .raggedRow(lineNumber: 4, fieldCount: 4, expectedFieldCount: 3)])
        #expect(errors[0].description.contains("line 3"))
    }

    @Test("text after a closing quote is a recoverable error naming the line and field")
    func textAfterClosingQuote() throws {
        let reader = CSVReader(text: "a,b\n\"x\"y,z\nok,fine\n")
        _ = try reader.nextRecord()
        #expect(throws: CSVError.textAfterClosingQuote(lineNumber: 2, fieldNumber: 1)) { try reader.nextRecord() }
        #expect(try reader.nextRecord()?.fields == ["ok", "fine"])
    }

    @Test("invalid UTF-8 is refused per record; UTF-16 files are refused at once")
    func encodings() throws {
        let reader = CSVReader(bytes: Array("a,b\n".utf8) + [0x41, 0xFF, 0x2C, 0x42, 0x0A] + Array("c,d\n".utf8))
        _ = try reader.nextRecord()
        #expect(throws: CSVError.invalidUTF8(lineNumber: 2, fieldNumber: 1)) { try reader.nextRecord() }
        #expect(try reader.nextRecord()?.fields == ["c", "d"])
        #expect(throws: CSVError.unsupportedEncoding(encoding: "UTF-16")) {
            try CSVReader(bytes: [0xFF, 0xFE, 0x61, 0x00]).nextRecord()
        }
    }

    @Test("a field over the size limit stops the reading with a clear error")
    func fieldTooLarge() throws {
        var options = CSVReader.Options()
        options.fieldSizeBytesMax = 16
        let reader = CSVReader(text: "a\n\"" + String(repeating: "x", count: 100), options: options)
        _ = try reader.nextRecord()
        #expect(throws: CSVError.fieldTooLarge(lineNumber: 2, fieldNumber: 1, sizeBytesMax: 16)) { try reader.nextRecord() }
    }

    @Test("the reader hashes what it reads, BOM included")
    func hashing() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a,b\r\n1,2".utf8)
        var options = CSVReader.Options()
        options.computeSHA256 = true
        #expect(try Self.readFile(bytes, chunkSizeBytes: 3, options: options).count == 2)
        let directory = TemporaryDirectory("csv-hash")
        try StoreFixtures.write(bytes, to: directory.path + "/f.csv")
        let reader = try CSVReader(path: directory.path + "/f.csv", options: options)
        while try reader.nextRecord() != nil {}
        #expect(reader.sha256 == SHA256.hash(bytes))
        #expect(reader.hadByteOrderMark)
    }

    @Test("memory does not grow with the file: the chunk and record are reused")
    func streaming() throws {
        let generator = InvolvementExportGenerator(presetName: "ssd", rowCount: 20_000, seed: 3)
        let directory = TemporaryDirectory("csv-stream")
        let path = directory.path + "/big.csv"
        try generator.write(to: path)
        var options = CSVReader.Options()
        options.chunkSizeBytes = 4096
        let reader = try CSVReader(path: path, options: options)
        var record = CSVRecord()
        var count = 0
        var capacity = 0
        while try reader.readRecord(into: &record) {
            count += 1
            capacity = max(capacity, record.bytes.capacity)
        }
        #expect(count == 20_001)
        #expect(capacity < 4096, "a record's storage should stay the size of one record")
    }
}
