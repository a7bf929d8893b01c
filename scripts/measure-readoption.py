#!/usr/bin/env python3
# Daemon cost of N servers run by it and re-adopted after a kill -9 (docs/instances.md "Cost per instance").
# Needs the packaged jars: mvn -B -ntp -DskipTests package; then: scripts/measure-readoption.py [N]
import json, os, re, subprocess, sys, time, signal, shutil
JAVA = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
WT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
W = "/tmp/mfp-measure"
N = int(sys.argv[1]) if len(sys.argv) > 1 else 8
shutil.rmtree(W, ignore_errors=True)
os.makedirs(W + "/daemon/caches/uploads")
subprocess.check_call([os.path.join(os.path.dirname(JAVA), "jar"), "cfe", W + "/daemon/caches/uploads/fake.jar",
                       "dev.mfp.testkit.FakeMinecraftServer", "-C", WT + "/testkit/target/classes", "."])
servers = []

def start_daemon(tag):
    log = open(f"{W}/{tag}.log", "w")
    p = subprocess.Popen([JAVA, "-Xmx256m", "-jar", WT + "/daemon/target/mfp-daemon.jar", "--port", "0", "--bind",
                          "127.0.0.1", "--dir", W], stdout=log, stderr=subprocess.STDOUT)
    port = None
    for _ in range(600):
        time.sleep(0.1)
        txt = open(f"{W}/{tag}.log").read()
        m = re.search(r"listening on http://[^:]+:(\d+)", txt)
        if m and txt.rstrip().endswith("ready"):
            port = m.group(1); break
    token = json.load(open(W + "/config.json"))["main_token"]
    return p, port, token

def cli(port, token, *args):
    out = subprocess.run([JAVA, "-jar", WT + "/client/target/mfp-client-cli.jar", "--url", f"http://127.0.0.1:{port}",
                          "--token", token] + list(args), capture_output=True, text=True)
    if out.returncode != 0:
        print("CLI failed", args, out.stderr, file=sys.stderr)
    return out.stdout

def measure(p, label):
    pid = p.pid
    time.sleep(3)
    subprocess.run([os.path.join(os.path.dirname(JAVA), "jcmd"), str(pid), "GC.run"], capture_output=True)
    time.sleep(1)
    heap = subprocess.run([os.path.join(os.path.dirname(JAVA), "jcmd"), str(pid), "GC.heap_info"],
                          capture_output=True, text=True).stdout
    used = re.search(r"used (\d+)K", heap)
    st = open(f"/proc/{pid}/status").read()
    threads = re.search(r"Threads:\s+(\d+)", st).group(1)
    rss = re.search(r"VmRSS:\s+(\d+) kB", st).group(1)
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    print(f"{label}: threads={threads} fds={fds} rss_kib={rss} heap_used_kib={used.group(1) if used else '?'}")

p, port, token = start_daemon("d1")
measure(p, "fresh daemon, no instance")
ids = []
for i in range(N):
    s = {"name": f"m{i}", "instance_type": "mc_vanilla", "target": "server.jar", "target_type": "jar",
         "mc_version": "1.21.4", "java_path": JAVA, "arguments": ["-Xmx48m", "-XX:+UseSerialGC",
         "-XX:TieredStopAtLevel=1", f"-Dtestkit.watchPid={os.getpid()}"], "source": "caches/uploads/fake.jar",
         "source_type": "core"}
    out = cli(port, token, "call", "add_instance", json.dumps({"setting": s}))
    iid = json.loads(out)["config"]["uuid"]
    ids.append(iid)
    open(f"{W}/daemon/instances/{iid}/server.properties", "w").write(f"server-port={30000 + i}\n")
measure(p, f"{N} instances, none running")
for iid in ids:
    cli(port, token, "call", "start_instance", json.dumps({"id": iid}))
time.sleep(5)
measure(p, f"{N} running (own children)")
for iid in ids:
    servers.append(json.load(open(f"{W}/daemon/instances/{iid}/daemon_run_state.json"))["pid"])
p.kill(); p.wait()
p, port, token = start_daemon("d2")
measure(p, f"new daemon, {N} re-adopted")
alive = sum(1 for s in servers if os.path.exists(f"/proc/{s}"))
print("servers alive:", alive)
p.send_signal(signal.SIGTERM); p.wait()
p, port, token = start_daemon("d3")
measure(p, f"new daemon, {N} instances, none running")
p.send_signal(signal.SIGTERM); p.wait()
for s in servers:
    try: os.kill(s, 9)
    except ProcessLookupError: pass
