import Foundation
import FuseFormats

/// A minimal GGUF metadata reader for tests only (header and key/value pairs, no tensors), so the
/// tokenizer tests can read the demo models' vocabularies independently of FuseFormats' reader.
enum GGUFMetadataReader {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func read(_ path: String) throws -> [String: MetadataValue] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        return try data.withUnsafeBytes { raw -> [String: MetadataValue] in
            var p = 0
            func take<T: FixedWidthInteger>(_: T.Type) throws -> T {
                guard p + MemoryLayout<T>.size <= raw.count else { throw Failure(description: "\(path): truncated at \(p)") }
                let v = raw.loadUnaligned(fromByteOffset: p, as: T.self)
                p += MemoryLayout<T>.size
                return T(littleEndian: v)
            }
            func string() throws -> String {
                let n = Int(try take(UInt64.self))
                guard p + n <= raw.count else { throw Failure(description: "\(path): string out of range at \(p)") }
                defer { p += n }
                return String(decoding: raw[p..<(p + n)], as: UTF8.self)
            }
            func value(_ type: UInt32) throws -> MetadataValue {
                switch type {
                case 0: return .uint8(try take(UInt8.self))
                case 1: return .int8(try take(Int8.self))
                case 2: return .uint16(try take(UInt16.self))
                case 3: return .int16(try take(Int16.self))
                case 4: return .uint32(try take(UInt32.self))
                case 5: return .int32(try take(Int32.self))
                case 6: return .float32(Float(bitPattern: try take(UInt32.self)))
                case 7: return .bool(try take(UInt8.self) != 0)
                case 8: return .string(try string())
                case 9:
                    let elementType = try take(UInt32.self)
                    let count = Int(try take(UInt64.self))
                    var values = [MetadataValue]()
                    values.reserveCapacity(count)
                    for _ in 0..<count { values.append(try value(elementType)) }
                    return .array(elementType: elementType, values: values)
                case 10: return .uint64(try take(UInt64.self))
                case 11: return .int64(try take(Int64.self))
                case 12: return .float64(Double(bitPattern: try take(UInt64.self)))
                default: throw Failure(description: "\(path): unknown metadata type \(type)")
                }
            }
            guard try take(UInt32.self) == 0x4655_4747 else { throw Failure(description: "\(path): not GGUF") }
            _ = try take(UInt32.self)
            _ = try take(UInt64.self)
            let count = try take(UInt64.self)
            var out = [String: MetadataValue]()
            for _ in 0..<count {
                let key = try string()
                out[key] = try value(try take(UInt32.self))
            }
            return out
        }
    }
}
