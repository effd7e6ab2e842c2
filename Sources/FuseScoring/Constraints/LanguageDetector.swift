/// A small language identifier for `language:response_language`, covering the 30 languages of
/// IFEval's `LANGUAGE_CODES`. It first finds the dominant script (by Unicode block), then tells
/// apart languages sharing a script by their distinctive letters and most common words.
/// Returns ISO 639-1 codes as langdetect does (`en`, `hi`, `zh-cn`, ...), or `nil` for text with
/// no letters (langdetect raises there, and IFEval then counts the instruction as followed).
public enum LanguageDetector {
    enum Script: CaseIterable {
        case latin, cyrillic, arabic, devanagari, bengali, gurmukhi, gujarati, tamil, telugu, kannada, malayalam,
             thai, hangul, kana, han, hebrew, greek, other
    }

    static func script(of s: Unicode.Scalar) -> Script? {
        switch s.value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: return .latin
        case 0x370...0x3FF: return .greek
        case 0x400...0x52F: return .cyrillic
        case 0x590...0x5FF: return .hebrew
        case 0x600...0x6FF, 0x750...0x77F, 0xFB50...0xFDFF, 0xFE70...0xFEFF: return .arabic
        case 0x900...0x97F: return .devanagari
        case 0x980...0x9FF: return .bengali
        case 0xA00...0xA7F: return .gurmukhi
        case 0xA80...0xAFF: return .gujarati
        case 0xB80...0xBFF: return .tamil
        case 0xC00...0xC7F: return .telugu
        case 0xC80...0xCFF: return .kannada
        case 0xD00...0xD7F: return .malayalam
        case 0xE00...0xE7F: return .thai
        case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: return .hangul
        case 0x3040...0x30FF: return .kana
        case 0x4E00...0x9FFF, 0x3400...0x4DBF: return .han
        default: return s.properties.isAlphabetic ? .other : nil
        }
    }

    /// Common function words per Latin- or Cyrillic-script language.
    static let stopwords: [String: Set<String>] = [
        "en": ["the", "a", "and", "is", "of", "to", "in", "that", "it", "you", "for", "with", "was", "are", "this", "be", "on", "have", "not", "as", "i"],
        "es": ["el", "la", "de", "que", "y", "en", "los", "es", "del", "las", "por", "un", "una", "para", "con", "no", "se", "su", "muy", "pero"],
        "pt": ["o", "a", "de", "que", "e", "do", "da", "em", "um", "uma", "para", "com", "não", "os", "as", "é", "mais", "dos", "das", "muito"],
        "fr": ["le", "la", "les", "de", "des", "et", "est", "un", "une", "du", "que", "en", "pour", "pas", "qui", "dans", "sur", "il", "je", "avec"],
        "de": ["der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "den", "von", "mit", "sich", "auf", "für", "ich", "es", "dem", "auch", "sie"],
        "it": ["il", "la", "di", "che", "e", "è", "un", "una", "per", "non", "del", "della", "sono", "con", "le", "gli", "lo", "si", "da", "anche"],
        "pl": ["i", "w", "nie", "się", "na", "jest", "to", "z", "że", "do", "jak", "co", "ale", "o", "od", "tak", "są", "dla", "po", "jego"],
        "vi": ["và", "của", "là", "có", "không", "một", "những", "được", "các", "người", "trong", "cho", "này", "với", "để", "tôi", "đã", "rất", "khi", "cũng"],
        "sw": ["na", "ya", "wa", "kwa", "ni", "za", "katika", "la", "kuwa", "hii", "ili", "yake", "lakini", "kama", "sana", "watu", "pia", "hiyo", "hapa", "mimi"],
        "fi": ["ja", "on", "ei", "se", "että", "oli", "hän", "mutta", "kun", "ovat", "myös", "tämä", "niin", "kuin", "jos", "minä", "ole", "vain", "sen", "mitä"],
        "ru": ["и", "в", "не", "на", "что", "с", "он", "как", "это", "по", "но", "из", "у", "за", "так", "же", "от", "все", "она", "мы"],
        "uk": ["і", "в", "не", "на", "що", "з", "як", "це", "до", "та", "але", "у", "за", "його", "від", "він", "вона", "ми", "є", "так"],
        "bg": ["и", "в", "на", "е", "да", "се", "не", "за", "че", "от", "с", "са", "това", "по", "като", "но", "до", "ще", "си", "той"],
        "hi": ["है", "और", "के", "की", "में", "का", "को", "से", "हैं", "यह", "एक", "पर", "भी", "नहीं", "था", "कि", "लिए", "हम", "जो", "तो"],
        "mr": ["आहे", "आणि", "या", "व", "हे", "की", "ते", "मध्ये", "आहेत", "एक", "त्या", "होते", "नाही", "तर", "करून", "त्याच्या", "हा", "ही", "पण", "म्हणून"],
        "ne": ["र", "छ", "को", "मा", "हो", "पनि", "यो", "एक", "गर्न", "छन्", "थियो", "भएको", "लागि", "गरेको", "हुन्छ", "त्यो", "तर", "यस", "भने", "गर्ने"],
    ]

    /// The language code of `text`, or `nil` when it has no letters.
    public static func detect(_ text: String) -> String? {
        var counts: [Script: Int] = [:]
        var urduLetters = 0, persianLetters = 0, ukrainianLetters = 0, russianLetters = 0, bulgarianHard = 0
        var vietnameseLetters = 0, polishLetters = 0
        for s in text.unicodeScalars {
            guard let sc = script(of: s) else { continue }
            counts[sc, default: 0] += 1
            switch s {
            case "ے", "ں", "ٹ", "ڈ", "ڑ", "ھ": urduLetters += 1
            case "پ", "چ", "ژ", "گ", "ی", "ک": persianLetters += 1
            case "і", "ї", "є", "ґ", "І", "Ї", "Є": ukrainianLetters += 1
            case "ы", "э", "ё", "Ы", "Э": russianLetters += 1
            case "ъ": bulgarianHard += 1
            case "ư", "ơ", "đ", "ạ", "ả", "ấ", "ầ", "ậ", "ế", "ề", "ệ", "ị", "ọ", "ộ", "ờ", "ở", "ụ", "ủ", "ứ", "ữ", "ự", "Đ": vietnameseLetters += 1
            case "ł", "ą", "ę", "ś", "ź", "ż", "ć", "ń", "Ł", "Ś", "Ż": polishLetters += 1
            default: break
            }
        }
        // Japanese text mixes kana and kanji; any kana makes it Japanese.
        if (counts[.kana] ?? 0) > 0, (counts[.kana]! + (counts[.han] ?? 0)) * 2 >= counts.values.reduce(0, +) { return "ja" }
        guard let (dominant, _) = counts.max(by: { $0.value < $1.value || ($0.value == $1.value && "\($0.key)" < "\($1.key)") }) else { return nil }
        switch dominant {
        case .bengali: return "bn"
        case .gurmukhi: return "pa"
        case .gujarati: return "gu"
        case .tamil: return "ta"
        case .telugu: return "te"
        case .kannada: return "kn"
        case .malayalam: return "ml"
        case .thai: return "th"
        case .hangul: return "ko"
        case .han: return "zh-cn"
        case .kana: return "ja"
        case .hebrew: return "he"
        case .greek: return "el"
        case .arabic:
            if urduLetters > 0 { return "ur" }
            return persianLetters > 0 ? "fa" : "ar"
        case .devanagari: return bestByStopwords(text, among: ["hi", "mr", "ne"]) ?? "hi"
        case .cyrillic:
            if ukrainianLetters > 0, russianLetters == 0 { return "uk" }
            if bulgarianHard > 0, russianLetters == 0 { return bestByStopwords(text, among: ["bg", "ru"]) ?? "bg" }
            return bestByStopwords(text, among: ["ru", "uk", "bg"]) ?? "ru"
        case .latin:
            if vietnameseLetters >= 2 { return "vi" }
            if polishLetters >= 2 { return "pl" }
            return bestByStopwords(text, among: ["en", "es", "pt", "fr", "de", "it", "pl", "vi", "sw", "fi"]) ?? "en"
        case .other: return nil
        }
    }

    private static func isWordPart(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || TextSplitting.isTokenizerWordScalar(s)
    }

    /// The language whose stopwords cover most words of the text (first listed wins ties).
    static func bestByStopwords(_ text: String, among languages: [String]) -> String? {
        // Split on whitespace and trim punctuation: `\w` runs would cut Indic words at vowel signs.
        var words: [String] = []
        for piece in text.lowercased().unicodeScalars.split(whereSeparator: TextSplitting.isSpace) {
            var lo = piece.startIndex, hi = piece.endIndex
            while lo < hi, !isWordPart(piece[lo]) { lo = piece.index(after: lo) }
            while hi > lo, !isWordPart(piece[piece.index(before: hi)]) { hi = piece.index(before: hi) }
            if lo < hi { words.append(String(String.UnicodeScalarView(piece[lo..<hi]))) }
        }
        var best: (String, Int)?
        for language in languages {
            let list = stopwords[language] ?? []
            let hits = words.reduce(0) { $0 + (list.contains($1) ? 1 : 0) }
            if hits > (best?.1 ?? 0) { best = (language, hits) }
        }
        return best?.0
    }
}
