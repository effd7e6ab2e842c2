import Foundation
import Testing
@testable import FuseScoring

/// The sandbox's Must-show: each hostile program is contained, reported as such, and leaves no
/// process and no file behind. Runs as root in CI (the uid-drop path) and as a normal user.
@Suite("Sandbox containment")
struct SandboxContainmentTests {
    let limits = SandboxLimits(cpuSeconds: 2, wallSeconds: 4, addressSpaceBytes: 512 << 20, maxProcesses: 16,
                               outputBytes: 64 << 10)

    /// Runs `source` with a unique marker as its argument, then checks that nothing of it remains.
    func run(_ source: String, limits: SandboxLimits? = nil, isolation: Sandbox.IsolationPolicy = .required,
             files: [String: String] = [:]) async throws -> (SandboxResult, String) {
        let marker = SandboxProbes.marker()
        let sandbox = Sandbox(limits: limits ?? self.limits, isolation: isolation)
        let result = try await sandbox.run(source: source, files: files, arguments: [marker])
        #expect(SandboxProbes.processes(marker: marker, uid: result.uid).isEmpty, "processes left behind")
        return (result, marker)
    }

    @Test("a well-behaved program runs and its output is captured")
    func ordinaryRun() async throws {
        let (result, marker) = try await run("import sys; print('hello', sys.argv[1]); print('oops', file=sys.stderr)")
        #expect(result.verdict == .ok)
        #expect(result.exitCode == 0)
        #expect(result.stdout == "hello \(marker)\n")
        #expect(result.stderr == "oops\n")
        #expect(result.isolation == .namespaces)
        #expect(result.cpuSeconds != nil)
    }

    @Test("an infinite loop is stopped by the CPU-time limit")
    func infiniteLoop() async throws {
        // A generous wall limit: on a loaded machine one CPU second can take several wall seconds.
        let (result, _) = try await run("while True:\n    pass\n", limits: SandboxLimits(cpuSeconds: 1, wallSeconds: 30))
        #expect(result.verdict == .timeout)
        #expect(result.limitHit == .cpuTime)
        #expect(result.signal == SIGXCPU || result.signal == SIGKILL)
        // SIGXCPU at 1 s, SIGKILL at the 2 s hard limit; the kernel checks CPU limits at tick
        // granularity, which on a loaded machine (all suites run in parallel) stretches the figure.
        #expect(result.cpuSeconds.map { $0 >= 0.5 && $0 < 4 } == true, "CPU seconds: \(String(describing: result.cpuSeconds))")
    }

    @Test("a sleeping program is killed at the wall-clock limit")
    func wallClock() async throws {
        let (result, _) = try await run("import time\ntime.sleep(60)\n", limits: SandboxLimits(cpuSeconds: 5, wallSeconds: 1))
        #expect(result.verdict == .timeout)
        #expect(result.limitHit == .wallTime)
        #expect(result.wallSeconds >= 1 && result.wallSeconds < 3.5)
    }

    @Test("a fork bomb is stopped by the process limit and reported")
    func forkBomb() async throws {
        let (result, _) = try await run("import os\nwhile True:\n    os.fork()\n")
        #expect(result.verdict == .error)
        #expect(result.limitHit == .processes)
        #expect(result.stderr.contains("Resource temporarily unavailable"))
    }

    @Test("the process limit caps how many children a program can start")
    func processCount() async throws {
        let source = """
            import os, sys, time
            started = 0
            try:
                while True:
                    if os.fork() == 0:
                        time.sleep(60)
                        os._exit(0)
                    started += 1
            except OSError as e:
                print(started, e.errno)
            """
        let (result, _) = try await run(source)
        let fields = result.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(result.verdict == .ok)
        #expect(fields.count == 2)
        #expect(fields.first.map { $0 >= 1 && $0 < limits.maxProcesses } == true, "children started: \(result.stdout)")
        #expect(fields.last == Int(EAGAIN))
    }

    @Test("a 10 GB allocation fails at the address-space limit")
    func hugeAllocation() async throws {
        let (result, _) = try await run("data = bytearray(10 * 1024 ** 3)\nprint(len(data))\n")
        #expect(result.verdict == .memoryLimit)
        #expect(result.limitHit == .memory)
        #expect(result.stderr.contains("MemoryError"))
        #expect(result.stdout.isEmpty)
    }

    @Test("no network: loopback and public addresses are unreachable, only a downed lo exists")
    func network() async throws {
        let source = """
            import json, socket
            outcome = {}
            for host, port in [("127.0.0.1", 80), ("1.1.1.1", 443), ("8.8.8.8", 53)]:
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.settimeout(2)
                try:
                    s.connect((host, port))
                    outcome[host] = "connected"
                except OSError as e:
                    outcome[host] = e.errno
                finally:
                    s.close()
            outcome["interfaces"] = [name for _, name in socket.if_nameindex()]
            print(json.dumps(outcome))
            """
        let (result, _) = try await run(source)
        let outcome = SandboxProbes.json(result)
        #expect(result.verdict == .ok, "\(result.stderr)")
        for host in ["127.0.0.1", "1.1.1.1", "8.8.8.8"] {
            #expect(outcome[host] as? Int == Int(ENETUNREACH), "\(host): \(String(describing: outcome[host]))")
        }
        #expect(outcome["interfaces"] as? [String] == ["lo"])
    }

    @Test("writes outside the working directory are denied; /tmp, /var/tmp and /dev/shm are the private tmpfs")
    func writesOutside() async throws {
        // A world-writable host folder outside /tmp: only a read-only view can protect it.
        let hostFolder = FileManager.default.currentDirectoryPath + "/.build/sandbox-probe-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: hostFolder, withIntermediateDirectories: true)
        chmod(hostFolder, 0o777)
        defer { try? FileManager.default.removeItem(atPath: hostFolder) }
        let source = """
            import json, os, sys
            marker = sys.argv[1]
            outcome = {}
            for folder in ["/etc", "/root", "/usr/local", "/", "\(hostFolder)", "/tmp", "/var/tmp", "/dev/shm", "."]:
                try:
                    with open(os.path.join(folder, marker), "w") as f:
                        f.write("x")
                    outcome[folder] = "written"
                except OSError as e:
                    outcome[folder] = e.errno
            outcome["cwd"] = os.getcwd()
            outcome["home"] = os.environ["HOME"]
            print(json.dumps(outcome))
            """
        let (result, marker) = try await run(source)
        let outcome = SandboxProbes.json(result)
        #expect(result.verdict == .ok, "\(result.stderr)")
        // A host folder under /tmp (a test run from there) is hidden by the tmpfs: ENOENT.
        let hidden = ["/tmp/", "/var/tmp/", "/dev/shm/"].contains { hostFolder.hasPrefix($0) }
        for folder in ["/etc", "/root", "/usr/local", "/", hostFolder] {
            let code = outcome[folder] as? Int
            #expect(code == Int(EROFS) || code == Int(EACCES) || (hidden && folder == hostFolder && code == Int(ENOENT)),
                    "\(folder): \(String(describing: outcome[folder]))")
        }
        for folder in ["/tmp", "/var/tmp", "/dev/shm", "."] {
            #expect(outcome[folder] as? String == "written", "\(folder): \(String(describing: outcome[folder]))")
        }
        #expect(outcome["cwd"] as? String == "/tmp")
        #expect(outcome["home"] as? String == "/tmp")
        for folder in ["/etc", "/root", "/usr/local", "", hostFolder, "/tmp", "/var/tmp", "/dev/shm"] {
            #expect(!FileManager.default.fileExists(atPath: folder + "/" + marker), "\(folder)/\(marker) exists on the host")
        }
    }

    @Test("the parent's environment is invisible: clean os.environ, no readable environ of another process")
    func environment() async throws {
        let secret = "secret-" + UUID().uuidString
        setenv("FUSECHAT_SANDBOX_TEST_SECRET", secret, 1)
        defer { unsetenv("FUSECHAT_SANDBOX_TEST_SECRET") }
        let source = """
            import json, os
            leaks = []
            for pid in os.listdir("/proc"):
                if pid.isdigit():
                    for part in ("environ", "cmdline"):
                        try:
                            with open("/proc/%s/%s" % (pid, part), "rb") as f:
                                if b"\(secret)" in f.read():
                                    leaks.append(pid + "/" + part)
                        except OSError:
                            pass
            print(json.dumps({"env": dict(os.environ), "leaks": leaks,
                              "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit())}))
            """
        let (result, _) = try await run(source)
        let outcome = SandboxProbes.json(result)
        #expect(result.verdict == .ok, "\(result.stderr)")
        let environment = outcome["env"] as? [String: String] ?? [:]
        #expect(Set(environment.keys) == ["PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "PYTHONDONTWRITEBYTECODE",
                                          "PYTHONHASHSEED", "PYTHONIOENCODING", "PYTHONNOUSERSITE"])
        #expect(!environment.values.contains { $0.contains(secret) })
        #expect((outcome["leaks"] as? [String])?.isEmpty == true, "\(String(describing: outcome["leaks"]))")
        // Its own /proc: the sandbox's init (1) and the program (2), nothing of the host.
        #expect(outcome["pids"] as? [Int] == [1, 2])
    }

    @Test("a child left running in the background is killed when the program exits")
    func backgroundChild() async throws {
        let source = """
            import subprocess, sys
            subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", sys.argv[1]], start_new_session=True)
            subprocess.Popen(["sh", "-c", "sleep 60; echo $0", sys.argv[1]])
            print("started")
            """
        let (result, _) = try await run(source)
        #expect(result.verdict == .ok, "\(result.stderr)")
        #expect(result.stdout == "started\n")
        #expect(result.wallSeconds < 3)
    }

    @Test("output beyond the limit is cut and the program killed")
    func outputFlood() async throws {
        let (result, _) = try await run("import sys\nwhile True:\n    sys.stdout.write('y' * 4096)\n")
        #expect(result.verdict == .outputLimit)
        #expect(result.stdoutTruncated)
        #expect(result.stdout.utf8.count == limits.outputBytes)
    }

    @Test("without namespaces (explicit policy): limits, a host temp folder removed afterwards, the group killed")
    func limitsOnly() async throws {
        let source = """
            import json, os, subprocess, sys
            subprocess.Popen(["sleep", "60", sys.argv[1]])
            open("probe", "w").write("x")
            print(json.dumps({"cwd": os.getcwd(), "home": os.environ["HOME"], "uid": os.getuid()}))
            """
        // Without a user namespace, RLIMIT_NPROC of a non-root caller counts every process of its
        // uid (this test runner's threads, the other tests' sandboxes): lift it there.
        var limits = self.limits
        if getuid() != 0 { limits.maxProcesses = 1 << 16 }
        let (result, _) = try await run(source, limits: limits, isolation: .limitsOnly)
        let outcome = SandboxProbes.json(result)
        #expect(result.verdict == .ok, "\(result.stderr)")
        #expect(result.isolation == .limitsOnly)
        let cwd = outcome["cwd"] as? String ?? ""
        #expect(cwd.contains("fusechat-sandbox-"))
        #expect(outcome["home"] as? String == cwd)
        #expect(!FileManager.default.fileExists(atPath: cwd), "the temp folder remains")
        if getuid() == 0 { #expect((outcome["uid"] as? Int).map(UInt32.init) == result.uid) }
    }

    @Test("an empty program with empty input runs")
    func emptyProgram() async throws {
        let (result, _) = try await run("")
        #expect(result.verdict == .ok)
        #expect(result.stdout.isEmpty && result.stderr.isEmpty)
    }

    @Test("an interpreter that does not exist is a setup error, not a verdict")
    func missingInterpreter() async throws {
        await #expect(throws: SandboxError.interpreterNotFound(name: "no-such-python", searched: Sandbox.searchPath)) {
            try await Sandbox(interpreter: "no-such-python").run(source: "")
        }
    }
}
