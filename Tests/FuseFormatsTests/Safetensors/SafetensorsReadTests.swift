import Foundation
import Testing
@testable import FuseFormats

@Suite("Safetensors reading matches what PyTorch and safetensors wrote")
struct SafetensorsReadTests {
    typealias Fixture = SafetensorsFixtures

    @Test("each tensor of a safetensors.torch file has PyTorch's dtype, shape and stored values",
          arguments: Fixture.expected.mixed.tensors)
    func mixedTensor(_ expected: Fixture.Tensor) throws {
        let file = try SafetensorsFile(path: Fixture.path("mixed.safetensors"))
        let info = try #require(file.info(named: expected.name))
        #expect(info.dtype.rawValue == expected.dtype)
        #expect(info.shape == expected.shape)
        #expect(storedIntegers(file.data(of: info), info.dtype) == expected.stored)
        if let type = info.dtype.ggmlType {
            let tensor = try #require(file.tensor(named: expected.name))
            #expect(tensor.type == type && tensor.shape == expected.shape)
            #expect(tensor.data.baseAddress == file.data(of: info).baseAddress)
        } else {
            #expect(file.tensor(named: expected.name) == nil)
        }
    }

    @Test("metadata, and the tensor store lists the GGML-typed tensors in data order")
    func metadataAndOrder() throws {
        let file = try SafetensorsFile(path: Fixture.path("mixed.safetensors"))
        #expect(file.metadata == Fixture.expected.mixed.metadata)
        let offsets = file.header.tensors.map(\.dataOffsets.lowerBound)
        #expect(offsets == offsets.sorted())
        let expectedNames = Set(Fixture.expected.mixed.tensors.filter { $0.dtype != "U8" }.map(\.name))
        #expect(Set(file.tensorNames) == expectedNames)
        #expect(file.tensorNames.count == expectedNames.count)
        #expect(file.tensor(named: "no such tensor") == nil)
    }

    #if os(Linux)
    @Test("tensor data points into a memory mapping of the file (not a copy)")
    func memoryMapped() throws {
        let path = Fixture.path("mixed.safetensors")
        let file = try SafetensorsFile(path: path)
        let tensor = try #require(file.tensor(named: "model.embed_tokens.weight"))
        let address = UInt(bitPattern: tensor.data.baseAddress)
        // /proc files report size 0, so read them to the end rather than by size.
        let maps = withExtendedLifetime(file) {
            String(decoding: FileHandle(forReadingAtPath: "/proc/self/maps")!.readDataToEndOfFile(), as: UTF8.self)
        }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let inFileMapping = maps.split(separator: "\n").contains { line in
            guard line.hasSuffix(resolved) else { return false }
            let bounds = line.split(separator: " ")[0].split(separator: "-").compactMap { UInt($0, radix: 16) }
            return bounds.count == 2 && (bounds[0]..<bounds[1]).contains(address)
        }
        #expect(inFileMapping)
    }
    #endif

    @Test("a folder sharded by huggingface_hub reads as one store with PyTorch's values",
          arguments: Fixture.expected.sharded.tensors)
    func shardedTensor(_ expected: Fixture.Tensor) throws {
        let sharded = Fixture.expected.sharded
        let folder = try SafetensorsFolder(folder: Fixture.path(sharded.folder))
        let tensor = try #require(folder.tensor(named: expected.name))
        #expect(tensor.type.description == expected.dtype)
        #expect(tensor.shape == expected.shape)
        #expect(storedIntegers(tensor.data, SafetensorsDType(rawValue: expected.dtype)!) == expected.stored)
        let file = try #require(folder.file(containing: expected.name))
        #expect(URL(fileURLWithPath: file.path).lastPathComponent == sharded.weightMap[expected.name])
    }

    @Test("the sharded folder's index and file list are read as written")
    func shardedIndex() throws {
        let sharded = Fixture.expected.sharded
        let folder = try SafetensorsFolder(folder: Fixture.path(sharded.folder))
        let index = try #require(folder.index)
        #expect(index.weightMap == sharded.weightMap)
        #expect(index.metadata["total_size"] == .int(sharded.totalSize))
        #expect(folder.files.count == sharded.files.filter { $0.hasSuffix(".safetensors") }.count)
        #expect(Set(folder.tensorNames) == Set(sharded.tensors.map(\.name)))
    }

    @Test("stored F16/BF16 values decode to the float32 source within half an ulp of the format",
          arguments: Fixture.expected.mixed.tensors.filter { ["F16", "BF16"].contains($0.dtype) })
    func decodedValues(_ expected: Fixture.Tensor) throws {
        let file = try SafetensorsFile(path: Fixture.path("mixed.safetensors"))
        let tensor = try #require(file.tensor(named: expected.name))
        let bits = storedIntegers(tensor.data, SafetensorsDType(rawValue: expected.dtype)!).map { UInt16($0) }
        for (source, stored) in zip(expected.sourceFloats, bits) {
            let decoded = halfValue(stored, SafetensorsDType(rawValue: expected.dtype)!)
            if source.isNaN { #expect(decoded.isNaN); continue }
            if source.isInfinite { #expect(decoded == source); continue }
            let mantissaBits: Float = expected.dtype == "F16" ? 10 : 7
            let halfUlp = max(abs(source), expected.dtype == "F16" ? 6.1035156e-05 : Float.leastNormalMagnitude) * Float.pow2(-mantissaBits - 1)
            let overflowed = decoded.isInfinite && !source.isInfinite
            #expect(overflowed || abs(decoded - source) <= halfUlp, "\(source) stored as \(decoded)")
        }
    }
}

extension Float {
    static func pow2(_ exponent: Float) -> Float { Float(sign: .plus, exponent: Int(exponent), significand: 1) }
}
