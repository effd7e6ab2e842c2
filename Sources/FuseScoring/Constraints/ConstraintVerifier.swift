import Foundation

/// The verdict on one instruction of a prompt.
public struct InstructionVerdict: Sendable, Codable, Equatable {
    public let id: String
    /// Followed by the response as written.
    public let strict: Bool
    /// Followed by the response or one of IFEval's loose variants (first/last line removed, `*` removed).
    public let loose: Bool
    /// What was measured on the response as written.
    public let detail: String
}

/// The verdict on all instructions of a prompt.
public struct ConstraintVerdict: Sendable, Codable, Equatable {
    public let instructions: [InstructionVerdict]
    /// Every instruction followed (IFEval's prompt-level strict accuracy).
    public var strict: Bool { instructions.allSatisfy(\.strict) }
    /// Every instruction followed under the loose variants (prompt-level loose accuracy).
    public var loose: Bool { instructions.allSatisfy(\.loose) }
}

/// IFEval-style evaluation of a response against a list of verifiable instructions.
public enum ConstraintVerifier {
    /// Checks every instruction strictly and loosely.
    public static func verify(response: String, instructions: [InstructionChecker]) throws(ConstraintError) -> ConstraintVerdict {
        let variants = looseVariants(response)
        var out: [InstructionVerdict] = []
        for checker in instructions {
            let (strict, detail) = try checker.check(response)
            var loose = false
            for v in variants where !PatternScans.strip(v).isEmpty {
                if try checker.check(v).followed { loose = true; break }
            }
            out.append(InstructionVerdict(id: checker.id.rawValue, strict: !PatternScans.strip(response).isEmpty && strict,
                                          loose: loose, detail: detail))
        }
        return ConstraintVerdict(instructions: out)
    }

    /// Builds checkers from ids and per-instruction kwargs (IFEval's `instruction_id_list` and `kwargs`).
    public static func checkers(ids: [String], kwargs: [ConstraintArguments], prompt: String? = nil) throws(ConstraintError) -> [InstructionChecker] {
        guard kwargs.count == ids.count || kwargs.isEmpty else {
            throw .badKwargs("\(kwargs.count) kwargs objects for \(ids.count) instruction ids")
        }
        var out: [InstructionChecker] = []
        for (k, raw) in ids.enumerated() {
            guard let id = InstructionID(rawValue: raw) else { throw .unknownInstruction(raw) }
            out.append(try InstructionChecker(id: id, arguments: kwargs.isEmpty ? ConstraintArguments() : kwargs[k], prompt: prompt))
        }
        return out
    }

    /// IFEval's loose variants, in its order: the response, without `*`, without the first line,
    /// without the last line, without both, and those three without `*`.
    static func looseVariants(_ response: String) -> [String] {
        // Python's split("\n") and replace("*", ""), on Unicode scalars ("\r\n" is one Swift Character).
        let lines = response.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        func join(_ s: ArraySlice<Substring.UnicodeScalarView>) -> String {
            var v = String.UnicodeScalarView()
            for (k, line) in s.enumerated() { if k > 0 { v.append("\n") }; v.append(contentsOf: line) }
            return PatternScans.strip(String(v))
        }
        let removeFirst = join(lines.dropFirst())
        let removeLast = join(lines.dropLast())
        let removeBoth = lines.count >= 2 ? join(lines.dropFirst().dropLast()) : ""
        func noStars(_ s: String) -> String { String(String.UnicodeScalarView(s.unicodeScalars.filter { $0 != "*" })) }
        return [response, noStars(response), removeFirst, removeLast, removeBoth, noStars(removeFirst), noStars(removeLast), noStars(removeBoth)]
    }
}
