/// DeepSpeed ZeRO-3 (bf16, no offload) with every batch field left to the launcher (`"auto"`), the
/// form both `transformers`' DeepSpeed integration and LLaMA-Factory read.
let deepSpeedZero3 = ConfigValue.map([
    ("train_batch_size", .string("auto")),
    ("train_micro_batch_size_per_gpu", .string("auto")),
    ("gradient_accumulation_steps", .string("auto")),
    ("gradient_clipping", .string("auto")),
    ("zero_allow_untested_optimizer", .bool(true)),
    ("bf16", .map([("enabled", .string("auto"))])),
    ("zero_optimization", .map([
        ("stage", .int(3)),
        ("overlap_comm", .bool(true)),
        ("contiguous_gradients", .bool(true)),
        ("reduce_bucket_size", .string("auto")),
        ("stage3_prefetch_bucket_size", .string("auto")),
        ("stage3_param_persistence_threshold", .string("auto")),
        ("stage3_gather_16bit_weights_on_model_save", .bool(true)),
    ])),
])
