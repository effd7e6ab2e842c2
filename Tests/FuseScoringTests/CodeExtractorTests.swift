import Testing
@testable import FuseScoring

/// Which code the extractor takes from a response, rule by rule (see CodeExtractor's doc comment).
@Suite("Code extraction")
struct CodeExtractorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let response: String
        let entryPoint: String?
        let code: String?
        let origin: CodeExtraction.Origin?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "one python block", response: "Here:\n```python\nx = 1\n```\nDone.", entryPoint: nil, code: "x = 1", origin: .fencedBlock),
        Case(name: "the longest block wins over a short usage example",
             response: "```python\ndef f(a):\n    return a\n```\nUse it:\n```python\nf(1)\n```", entryPoint: nil,
             code: "def f(a):\n    return a", origin: .fencedBlock),
        Case(name: "a block defining the entry point wins over a longer one",
             response: "```python\nimport math\nprint(math.pi * 2 * 3)\n```\n```python\ndef g(): return 1\n```", entryPoint: "g",
             code: "def g(): return 1", origin: .fencedBlock),
        Case(name: "python-tagged beats a longer untagged block", response: "```\nx = 22\n```\n```py\ny = 1\n```",
             entryPoint: nil, code: "y = 1", origin: .fencedBlock),
        Case(name: "equal blocks: the last", response: "```python\na = 1\n```\n```python\nb = 2\n```", entryPoint: nil,
             code: "b = 2", origin: .fencedBlock),
        Case(name: "other languages are ignored", response: "```bash\npip install x\n```\n```python\nimport x\n```", entryPoint: nil,
             code: "import x", origin: .fencedBlock),
        Case(name: "only other languages: none", response: "```rust\nfn main() {}\n```", entryPoint: nil, code: nil, origin: nil),
        Case(name: "an unclosed block (cut-off answer)", response: "Sure.\n```python\ndef f():\n    return 1", entryPoint: nil,
             code: "def f():\n    return 1", origin: .unclosedBlock),
        Case(name: "a closed block beats a longer unclosed one",
             response: "```python\nx = 1\n```\n```python\ndef long_function_cut_off():\n    pass", entryPoint: nil,
             code: "x = 1", origin: .fencedBlock),
        Case(name: "tildes and a longer fence holding backticks", response: "~~~python\ns = '```'\n~~~", entryPoint: nil,
             code: "s = '```'", origin: .fencedBlock),
        Case(name: "indented fence, attributes after the tag", response: "  ```python {linenos}\nz = 3\n  ```", entryPoint: nil,
             code: "z = 3", origin: .fencedBlock),
        Case(name: "no fences: the whole response", response: "    return a + b\n", entryPoint: "add", code: "    return a + b\n",
             origin: .wholeResponse),
        Case(name: "blank response: none", response: " \n\n", entryPoint: nil, code: nil, origin: nil),
        Case(name: "CRLF line ends", response: "```python\r\nx = 1\r\n```\r\n", entryPoint: nil, code: "x = 1", origin: .fencedBlock),
    ]

    @Test("extraction rule", arguments: cases)
    func extract(_ item: Case) {
        let extraction = CodeExtractor.extract(from: item.response, entryPoint: item.entryPoint)
        #expect(extraction?.code == item.code)
        #expect(extraction?.origin == item.origin)
    }
}
