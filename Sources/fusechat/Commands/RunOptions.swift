import ArgumentParser
import FuseData

/// `--run DIR`: the run folder a stage reads and writes.
struct RunOptions: ParsableArguments {
    @Option(name: .customLong("run"), help: "Run folder (created if missing); each stage appends its JSONL files there.")
    var path: String = "runs/default"

    var folder: RunFolder { RunFolder(path: path) }
}
