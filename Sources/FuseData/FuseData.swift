/// FuseData owns the record types of a fusion run (prompts, samples, scores, SFT records, DPO
/// pairs), the crash-safe JSONL run store, prompt import and the FuseChat-3.0 pair rules.
public enum FuseData {}
