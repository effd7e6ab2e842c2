import FuseTensor

/// The element types a safetensors header may name, with the spelling the format uses.
///
/// The declaration order is the reference implementation's (`safetensors` crate): its writer sorts
/// tensors by this order, largest first, then by name, and so does `SafetensorsWriter`.
public enum SafetensorsDType: String, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case bool = "BOOL"
    case f4 = "F4"
    case f6E2M3 = "F6_E2M3"
    case f6E3M2 = "F6_E3M2"
    case u8 = "U8"
    case i8 = "I8"
    case f8E5M2 = "F8_E5M2"
    case f8E4M3 = "F8_E4M3"
    case f8E8M0 = "F8_E8M0"
    case f8E4M3FNUZ = "F8_E4M3FNUZ"
    case f8E5M2FNUZ = "F8_E5M2FNUZ"
    case i16 = "I16"
    case u16 = "U16"
    case f16 = "F16"
    case bf16 = "BF16"
    case i32 = "I32"
    case u32 = "U32"
    case f32 = "F32"
    case c64 = "C64"
    case f64 = "F64"
    case i64 = "I64"
    case u64 = "U64"

    /// Bits taken by one element (4 and 6 for the sub-byte float formats).
    public var bitWidth: Int {
        switch self {
        case .f4: return 4
        case .f6E2M3, .f6E3M2: return 6
        case .bool, .u8, .i8, .f8E5M2, .f8E4M3, .f8E8M0, .f8E4M3FNUZ, .f8E5M2FNUZ: return 8
        case .i16, .u16, .f16, .bf16: return 16
        case .i32, .u32, .f32: return 32
        case .c64, .f64, .i64, .u64: return 64
        }
    }

    /// Bytes taken by `count` elements; `nil` on overflow or when they do not end on a byte boundary.
    public func byteCount(elements count: Int) -> Int? {
        let (bits, overflow) = count.multipliedReportingOverflow(by: bitWidth)
        guard !overflow, count >= 0, bits % 8 == 0 else { return nil }
        return bits / 8
    }

    /// The GGML type with the same element layout, if there is one (floats and signed integers).
    public var ggmlType: GGMLType? {
        switch self {
        case .f32: return .f32
        case .f16: return .f16
        case .bf16: return .bf16
        case .f64: return .f64
        case .i8: return .i8
        case .i16: return .i16
        case .i32: return .i32
        case .i64: return .i64
        default: return nil
        }
    }

    /// The safetensors type for a GGML element type (`nil` for block-quantized types).
    public init?(_ type: GGMLType) {
        guard let match = Self.allCases.first(where: { $0.ggmlType == type }) else { return nil }
        self = match
    }

    private var order: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.order < rhs.order }

    public var description: String { rawValue }
}
