/// FuseScoring owns the verifiers (math answers, code run in a sandbox, instruction
/// constraints) and the reward-model and LLM-judge clients.
public enum FuseScoring {}
