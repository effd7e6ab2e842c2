import Foundation
import FuseFormats

/// Writes a `.safetensors` file of Float32 tensors: an 8-byte little-endian header length, the
/// JSON header (name → dtype, shape, data offsets; `__metadata__` with `format: pt`), then the
/// data, each tensor's bytes in the header's order.
struct SafetensorsWriter {
    private var tensors: [(name: String, shape: [Int], values: [Float])] = []

    mutating func add(name: String, shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "\(name): \(values.count) values for shape \(shape)")
        tensors.append((name, shape, values))
    }

    func write(to url: URL) throws {
        var header = "{\"__metadata__\":{\"format\":\"pt\"}"
        var offset = 0
        for t in tensors {
            let bytes = t.values.count * 4
            header += "," + JSONWriter.quoted(t.name) + ":{\"dtype\":\"F32\",\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],"
                + "\"data_offsets\":[\(offset),\(offset + bytes)]}"
            offset += bytes
        }
        header += "}"
        while (header.utf8.count + 8) % 8 != 0 { header += " " }
        var data = Data()
        data.reserveCapacity(8 + header.utf8.count + offset)
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(Data(header.utf8))
        for t in tensors { t.values.withUnsafeBufferPointer { data.append($0) } }
        try data.write(to: url, options: .atomic)
    }
}
