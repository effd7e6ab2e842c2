import Foundation

/// The program found in a model's response, and where it came from.
public struct CodeExtraction: Sendable, Hashable, Codable {
    /// Where the code was found.
    public enum Origin: String, Sendable, Hashable, Codable {
        /// A closed ``` block (tagged python, or untagged).
        case fencedBlock
        /// An unclosed ``` block at the end (the response was cut off).
        case unclosedBlock
        /// No fences: the whole response (a code-only or function-body answer).
        case wholeResponse
    }

    public var code: String
    public var origin: Origin
    /// Index of the chosen block among the response's fenced blocks (0-based), for fenced origins.
    public var blockIndex: Int?
    /// How many fenced blocks the response had.
    public var blockCount: Int

    /// A one-line description for messages ("python block 2 of 3").
    public var description: String {
        switch origin {
        case .fencedBlock: return "fenced block \((blockIndex ?? 0) + 1) of \(blockCount)"
        case .unclosedBlock: return "unclosed fenced block \((blockIndex ?? 0) + 1) of \(blockCount)"
        case .wholeResponse: return "whole response (no fenced block)"
        }
    }
}

/// Finds the code in a model's response.
///
/// Rules: fenced blocks (```` ``` ```` or `~~~`, indented up to three spaces) tagged `python`,
/// `py`, `python3` or untagged count, other languages do not. Among closed blocks, one that defines
/// the entry point (when given) wins, then a python-tagged one, then the longest, then the last. An
/// unclosed final block is used only when no block is closed. A response without fences is code as
/// a whole (a code-only answer or a HumanEval-style function body).
public enum CodeExtractor {
    private static let pythonTags: Set<String> = ["python", "py", "python3", "py3"]

    /// The code of `response`, or nil when it has fenced blocks but none in Python, or is blank.
    public static func extract(from response: String, entryPoint: String? = nil) -> CodeExtraction? {
        let blocks = fencedBlocks(in: response)
        if blocks.isEmpty {
            let trimmed = response.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : CodeExtraction(code: response, origin: .wholeResponse, blockIndex: nil, blockCount: 0)
        }
        let candidates = blocks.indices.filter { blocks[$0].tag.isEmpty || pythonTags.contains(blocks[$0].tag) }
        let closed = candidates.filter { blocks[$0].closed }
        let pool = closed.isEmpty ? candidates.filter { !blocks[$0].closed } : closed
        let definition = entryPoint.map { "def \($0)(" }
        let best = pool.max { a, b in
            rank(blocks[a], definition: definition, index: a) < rank(blocks[b], definition: definition, index: b)
        }
        guard let best, !blocks[best].code.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return CodeExtraction(code: blocks[best].code, origin: blocks[best].closed ? .fencedBlock : .unclosedBlock,
                              blockIndex: best, blockCount: blocks.count)
    }

    private struct Block {
        var tag: String
        var code: String
        var closed: Bool
    }

    private static func rank(_ block: Block, definition: String?, index: Int) -> (Int, Int, Int, Int) {
        let defines = definition.map { block.code.contains($0) } ?? false
        return (defines ? 1 : 0, block.tag.isEmpty ? 0 : 1, block.code.count, index)
    }

    /// Every fenced block in order. A fence is three or more backticks or tildes after at most
    /// three spaces; the block ends at a line holding only at least as many of the same character.
    private static func fencedBlocks(in text: String) -> [Block] {
        var blocks: [Block] = []
        var open: (marker: Character, length: Int, tag: String, lines: [Substring])?
        // "\r\n" is one Character in Swift: split on both line ends.
        for stripped in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let indent = stripped.prefix { $0 == " " }.count
            let body = stripped.dropFirst(indent)
            guard indent <= 3, let marker = body.first, marker == "`" || marker == "~" else {
                open?.lines.append(stripped)
                continue
            }
            let length = body.prefix { $0 == marker }.count
            let rest = body.dropFirst(length).trimmingCharacters(in: .whitespaces)
            if var current = open {
                if marker == current.marker, length >= current.length, rest.isEmpty {
                    blocks.append(Block(tag: current.tag, code: current.lines.joined(separator: "\n"), closed: true))
                    open = nil
                } else {
                    current.lines.append(stripped)
                    open = current
                }
            } else if length >= 3, marker == "~" || !rest.contains("`") {
                let tag = rest.split(whereSeparator: { $0 == " " || $0 == "{" }).first.map { String($0).lowercased() } ?? ""
                open = (marker, length, tag, [])
            }
        }
        if let open {
            blocks.append(Block(tag: open.tag, code: open.lines.joined(separator: "\n"), closed: false))
        }
        return blocks
    }
}
