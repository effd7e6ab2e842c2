/// FuseText owns tokenizers (byte-level BPE, SentencePiece-style BPE) and chat templates
/// (a Jinja interpreter that runs each model's own `chat_template`).
public enum FuseText {}
