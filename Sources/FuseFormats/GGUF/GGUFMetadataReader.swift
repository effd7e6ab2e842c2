/// Reads GGUF metadata values (scalars, strings and arrays nested to any sane depth).
extension GGUFCursor {
    /// Arrays of arrays deeper than this are rejected (real files nest at most once).
    static let maximumArrayDepth = 8

    mutating func readValueType(key: String) throws(GGUFError) -> GGUFValueType {
        let raw = try read(UInt32.self, "value type of \"\(key)\"")
        guard let type = GGUFValueType(rawValue: raw) else { throw .unknownValueType(path: path, key: key, type: raw) }
        return type
    }

    mutating func readValue(_ type: GGUFValueType, key: String, depth: Int = 0) throws(GGUFError) -> MetadataValue {
        switch type {
        case .uint8: return .uint8(try read(UInt8.self, "value of \"\(key)\""))
        case .int8: return .int8(try read(Int8.self, "value of \"\(key)\""))
        case .uint16: return .uint16(try read(UInt16.self, "value of \"\(key)\""))
        case .int16: return .int16(try read(Int16.self, "value of \"\(key)\""))
        case .uint32: return .uint32(try read(UInt32.self, "value of \"\(key)\""))
        case .int32: return .int32(try read(Int32.self, "value of \"\(key)\""))
        case .uint64: return .uint64(try read(UInt64.self, "value of \"\(key)\""))
        case .int64: return .int64(try read(Int64.self, "value of \"\(key)\""))
        case .float32: return .float32(Float(bitPattern: try read(UInt32.self, "value of \"\(key)\"")))
        case .float64: return .float64(Double(bitPattern: try read(UInt64.self, "value of \"\(key)\"")))
        case .bool: return .bool(try read(UInt8.self, "value of \"\(key)\"") != 0)
        case .string: return .string(try readString("string value of \"\(key)\""))
        case .array: return try readArray(key: key, depth: depth + 1)
        }
    }

    private mutating func readArray(key: String, depth: Int) throws(GGUFError) -> MetadataValue {
        guard depth <= Self.maximumArrayDepth else {
            throw .arrayNestingTooDeep(path: path, key: key, depth: Self.maximumArrayDepth)
        }
        let elementType = try readValueType(key: key)
        let count = try readCount("array length of \"\(key)\"", minimumSize: elementType.minimumSize)
        var values: [MetadataValue] = []
        values.reserveCapacity(count)
        switch elementType {
        case .uint8: try readScalars(count, key: key, into: &values) { .uint8($0) }
        case .int8: try readScalars(count, key: key, into: &values) { .int8($0) }
        case .uint16: try readScalars(count, key: key, into: &values) { .uint16($0) }
        case .int16: try readScalars(count, key: key, into: &values) { .int16($0) }
        case .uint32: try readScalars(count, key: key, into: &values) { .uint32($0) }
        case .int32: try readScalars(count, key: key, into: &values) { .int32($0) }
        case .uint64: try readScalars(count, key: key, into: &values) { .uint64($0) }
        case .int64: try readScalars(count, key: key, into: &values) { .int64($0) }
        case .float32: try readScalars(count, key: key, into: &values) { (v: UInt32) in .float32(Float(bitPattern: v)) }
        case .float64: try readScalars(count, key: key, into: &values) { (v: UInt64) in .float64(Double(bitPattern: v)) }
        case .bool: try readScalars(count, key: key, into: &values) { (v: UInt8) in .bool(v != 0) }
        case .string, .array:
            for _ in 0..<count { values.append(try readValue(elementType, key: key, depth: depth)) }
        }
        return .array(elementType: elementType.rawValue, values: values)
    }

    /// `count` fixed-size values in one bounds check.
    private mutating func readScalars<T: FixedWidthInteger>(
        _ count: Int, key: String, into values: inout [MetadataValue], _ wrap: (T) -> MetadataValue
    ) throws(GGUFError) {
        let size = MemoryLayout<T>.size
        try require(count * size, "array of \"\(key)\"")
        let base = bytes.baseAddress! + offset
        for i in 0..<count { values.append(wrap(T(littleEndian: base.loadUnaligned(fromByteOffset: i * size, as: T.self)))) }
        skip(to: offset + count * size)
    }
}
