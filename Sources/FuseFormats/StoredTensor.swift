import FuseTensor

/// A tensor as it lies in a model file: name, shape, element format and its raw bytes,
/// memory-mapped from the file (valid as long as the owning store is alive).
///
/// `shape` is in row-major order, outermost dimension first, as PyTorch and safetensors write it
/// (GGUF stores dimensions innermost first; its reader reverses them). For a weight matrix
/// `[rows, columns]`, each row is `columns` contiguous elements (or blocks of them).
public struct StoredTensor: @unchecked Sendable {
    public let name: String
    public let shape: [Int]
    public let type: GGMLType
    public let data: UnsafeRawBufferPointer

    public init(name: String, shape: [Int], type: GGMLType, data: UnsafeRawBufferPointer) {
        self.name = name
        self.shape = shape
        self.type = type
        self.data = data
    }

    /// Number of elements (the product of the shape).
    public var elementCount: Int { shape.reduce(1, *) }
}

/// Anything that holds named tensors: a GGUF file, a safetensors file or a sharded folder.
public protocol TensorStore: AnyObject, Sendable {
    /// Names of all tensors, in file order.
    var tensorNames: [String] { get }
    /// The tensor with this name, or `nil` if the store has none.
    func tensor(named name: String) -> StoredTensor?
}
