"""Real OpenSearch nodes for the tests and the search benchmark.

``scripts/opensearch.sh`` fetches the distribution from Maven Central into a cache outside the
repository; this module starts nodes of it on 127.0.0.1, each on free ports with its own data,
configuration and log folder (a temporary folder), so two pytest-xdist workers never share
one. The security plugin is not in the integration-test distribution: plain HTTP on loopback.
Heaps are small (512 MB) and the disk watermarks are off (a test machine's disk may be full
enough to block allocation otherwise).

OpenSearch refuses to run as root; when the tests run as root (CI does), the nodes run as
``nobody`` (setpriv), which is why the cache is under /var/cache/portal then.
"""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "opensearch.sh"
HEAP = "512m"

JVM_OPTIONS = """\
-Xms{heap}
-Xmx{heap}
-XX:+UseG1GC
-XX:G1ReservePercent=25
-XX:InitiatingHeapOccupancyPercent=30
-Djava.io.tmpdir={tmp}
-XX:ErrorFile={logs}/hs_err_pid%p.log
-Djava.security.manager=allow
-Djava.util.concurrent.ForkJoinPool.common.threadFactory=org.opensearch.secure_sm.SecuredForkJoinWorkerThreadFactory
"""

# Everything to the console, which the node's Popen sends to node.log.
LOG4J = """\
status = error
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n
rootLogger.level = warn
rootLogger.appenderRef.console.ref = console
logger.cluster.name = org.opensearch.cluster.service
logger.cluster.level = info
"""


class OpenSearchUnavailable(RuntimeError):
    """OpenSearch could not be fetched or started (the message says why)."""


def install():
    """The OpenSearch folder, fetched by scripts/opensearch.sh when missing."""
    result = subprocess.run(
        ["bash", str(SCRIPT)], capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode != 0:
        raise OpenSearchUnavailable(result.stderr.strip() or "scripts/opensearch.sh failed")
    return Path(result.stdout.strip().splitlines()[-1])


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _java_home():
    for name in ("OPENSEARCH_JAVA_HOME", "JAVA_HOME"):
        if os.environ.get(name):
            return os.environ[name]
    java = shutil.which("java")
    if not java:
        raise OpenSearchUnavailable("Java 17 is needed to run OpenSearch and none was found.")
    return str(Path(os.path.realpath(java)).parent.parent)


def _as_root():
    return os.geteuid() == 0


class Node:
    """One OpenSearch node. ``peers`` ((name, transport port) of every node of the cluster)
    makes it one of a multi-node cluster whose first node is its cluster manager; without it
    the node is a single-node cluster."""

    def __init__(self, home, *, name="node-1", cluster="portal-test", peers=None, heap=HEAP):
        self.home = Path(home)
        self.name = name
        self.cluster = cluster
        self.peers = peers  # [(name, transport_port)] of every node, this one included
        self.heap = heap
        self.http_port = free_port()
        self.transport_port = None
        self.workdir = Path(tempfile.mkdtemp(prefix=f"portal-opensearch-{name}-"))
        self.process = None
        self.log = self.workdir / "node.log"

    @property
    def url(self):
        return f"http://127.0.0.1:{self.http_port}"

    def _settings(self):
        settings = {
            "cluster.name": self.cluster,
            "node.name": self.name,
            "path.data": str(self.workdir / "data"),
            "path.logs": str(self.workdir / "logs"),
            "network.host": "127.0.0.1",
            "http.port": self.http_port,
            "cluster.routing.allocation.disk.threshold_enabled": False,
            "action.auto_create_index": False,  # a write to a missing index is an error
        }
        if self.peers is None:
            settings["discovery.type"] = "single-node"
            settings["transport.port"] = free_port()
        else:
            manager = self.peers[0][0]
            settings["transport.port"] = self.transport_port
            settings["discovery.seed_hosts"] = [f"127.0.0.1:{port}" for _name, port in self.peers]
            settings["cluster.initial_cluster_manager_nodes"] = [manager]
            if self.name != manager:  # the others hold data only: one of them may go away
                settings["node.roles"] = ["data", "ingest"]
        return settings

    def start(self):
        conf = self.workdir / "conf"
        for folder in ("conf", "data", "logs", "tmp"):
            (self.workdir / folder).mkdir(exist_ok=True)
        (conf / "opensearch.yml").write_text(
            "".join(f"{key}: {json.dumps(value)}\n" for key, value in self._settings().items())
        )
        (conf / "jvm.options").write_text(
            JVM_OPTIONS.format(heap=self.heap, tmp=self.workdir / "tmp", logs=self.workdir / "logs")
        )
        (conf / "log4j2.properties").write_text(LOG4J)
        command = [str(self.home / "bin" / "opensearch")]
        if _as_root():
            shutil.chown(self.workdir, "nobody", "nogroup")
            for path in self.workdir.rglob("*"):
                shutil.chown(path, "nobody", "nogroup")
            command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "OPENSEARCH_PATH_CONF": str(conf),
            "OPENSEARCH_JAVA_HOME": _java_home(),
            "OPENSEARCH_TMPDIR": str(self.workdir / "tmp"),
        }
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                cwd=self.workdir,
            )
        return self

    def request(self, method, path, body=None, timeout=60):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read() or b"{}")

    def wait_until_ready(self, timeout=180, status="yellow"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise OpenSearchUnavailable(
                    f"OpenSearch node {self.name} stopped while starting:\n{self.log_tail()}"
                )
            try:
                health = self.request(
                    "GET", f"/_cluster/health?wait_for_status={status}&timeout=1s", timeout=3
                )
                if not health.get("timed_out"):
                    return self
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.5)
        self.stop()
        raise OpenSearchUnavailable(
            f"OpenSearch node {self.name} did not answer in {timeout} s:\n{self.log_tail()}"
        )

    def log_tail(self, lines=30):
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, timeout=30):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def remove(self):
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


class ExternalNode:
    """A node someone else runs (OPENSEARCH_TEST_URL)."""

    def __init__(self, url):
        self.url = url.rstrip("/")
        self.name = url

    request = Node.request

    def remove(self):
        pass


def start_single(home=None, **kwargs):
    node = Node(home or install(), **kwargs).start()
    return node.wait_until_ready()


def start_cluster(size, home=None, **kwargs):
    """``size`` nodes started together: the first is the cluster manager (and holds data),
    the others hold data only, so that stopping one of them leaves a cluster that still
    elects, allocates and promotes replicas. (Production would run three manager-eligible
    nodes; two of them are enough to show a replica taking over.)"""
    home = home or install()
    names = [f"node-{number}" for number in range(1, size + 1)]
    peers = [(name, free_port()) for name in names]
    nodes = []
    for name, port in peers:
        node = Node(home, name=name, peers=peers, **kwargs)
        node.transport_port = port
        nodes.append(node.start())
    try:
        for node in nodes:
            node.wait_until_ready()
        nodes[0].request("GET", f"/_cluster/health?wait_for_nodes={size}&timeout=60s", timeout=70)
    except Exception:
        for node in nodes:
            node.remove()
        raise
    return nodes
