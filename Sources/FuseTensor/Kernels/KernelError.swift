/// Errors from building kernel inputs (shapes and weight formats).
public enum KernelError: Error, CustomStringConvertible, Equatable {
    /// The weight format has no kernel (supported: F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K, Q6_K).
    case unsupportedType(GGMLType)
    /// A row length that is not a whole number of the format's blocks.
    case rowNotBlockAligned(type: GGMLType, columns: Int)
    /// A dimension that must be positive (or non-negative) is not.
    case badShape(String)

    public var description: String {
        switch self {
        case .unsupportedType(let t):
            return "no kernel for weight type \(t); supported: \(WeightMatrix.supportedTypes.map(\.description).joined(separator: ", "))"
        case .rowNotBlockAligned(let t, let c):
            return "row of \(c) weights is not a multiple of the \(t) block size \(t.blockSize)"
        case .badShape(let what):
            return "bad shape: \(what)"
        }
    }
}
