import Foundation

/// Unicode normalization form C, the Hugging Face normalizer `NFC` (Qwen2's tokenizer.json).
enum UnicodeNFC {
    /// Whether NFC may change this UTF-8 text. Every scalar below U+0300 is NFC-stable and never
    /// composes with the scalar before it (the first with NFC_Quick_Check other than Yes is U+0300),
    /// and every scalar from U+0300 on has a UTF-8 lead byte of 0xCC or more.
    static func mayChange(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool { utf8.contains { $0 >= 0xCC } }

    /// The NFC form of valid UTF-8 text, as UTF-8.
    static func normalize(_ utf8: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        Array(String(decoding: utf8, as: UTF8.self).precomposedStringWithCanonicalMapping.utf8)
    }

    /// The NFC form of a string.
    static func normalize(_ text: String) -> String { text.precomposedStringWithCanonicalMapping }
}
