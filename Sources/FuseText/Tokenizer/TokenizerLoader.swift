/// Builds tokenizers from model files: GGUF metadata or a Hugging Face `tokenizer.json`.
public enum TokenizerLoader {
    /// End-of-turn tokens of common chat formats, tried in order when a file names none.
    static let endOfTurnSpellings = ["<|im_end|>", "<end_of_turn>", "<|eot_id|>", "<|end|>"]
}
