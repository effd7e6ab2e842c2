import Foundation

/// The weights of a Hugging Face model folder: `model.safetensors`, or the shards listed in
/// `model.safetensors.index.json`, seen as one `TensorStore`.
public final class SafetensorsFolder: TensorStore, @unchecked Sendable {
    /// The folder.
    public let path: String
    /// The index, for a sharded checkpoint.
    public let index: SafetensorsIndex?
    /// The files, in shard-name order (a single file when not sharded).
    public let files: [SafetensorsFile]
    public let tensorNames: [String]
    private let fileOfTensor: [String: Int]

    /// Opens the weights in `folder`: the index if there is one, else `model.safetensors`.
    public init(folder: String) throws(SafetensorsError) {
        path = folder
        let indexPath = (folder as NSString).appendingPathComponent(SafetensorsIndex.fileName)
        let singlePath = (folder as NSString).appendingPathComponent("model.safetensors")
        if FileManager.default.fileExists(atPath: indexPath) {
            guard let data = FileManager.default.contents(atPath: indexPath) else {
                throw .io(path: indexPath, detail: "cannot read")
            }
            let index = try SafetensorsIndex(json: Array(data), path: indexPath)
            self.index = index
            var shards: [String: SafetensorsFile] = [:]
            for shard in index.shardNames {
                let shardPath = (folder as NSString).appendingPathComponent(shard)
                guard FileManager.default.fileExists(atPath: shardPath) else {
                    throw .missingShard(indexPath: indexPath, shard: shard)
                }
                shards[shard] = try SafetensorsFile(path: shardPath)
            }
            files = index.shardNames.map { shards[$0]! }
            for (tensor, shard) in index.weightMap {
                guard shards[shard]!.info(named: tensor) != nil else {
                    throw .tensorNotInShard(indexPath: indexPath, tensor: tensor, shard: shard)
                }
            }
        } else if FileManager.default.fileExists(atPath: singlePath) {
            index = nil
            files = [try SafetensorsFile(path: singlePath)]
        } else {
            throw .noWeights(folder: folder)
        }
        var fileOfTensor: [String: Int] = [:]
        var names: [String] = []
        for (fileIndex, file) in files.enumerated() {
            for tensor in file.header.tensors {
                guard fileOfTensor.updateValue(fileIndex, forKey: tensor.name) == nil else {
                    throw .duplicateTensor(path: file.path, tensor: tensor.name)
                }
                if tensor.dtype.ggmlType != nil { names.append(tensor.name) }
            }
        }
        self.fileOfTensor = fileOfTensor
        tensorNames = names
    }

    /// The file holding the tensor `name`, whatever its dtype.
    public func file(containing name: String) -> SafetensorsFile? {
        fileOfTensor[name].map { files[$0] }
    }

    public func tensor(named name: String) -> StoredTensor? {
        file(containing: name)?.tensor(named: name)
    }
}
