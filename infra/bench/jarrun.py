"""Starting an application jar with the default run, calling it, and reading CPU time, for the A/B scripts beside this
file."""
import json
import os
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

PORT, KAFKA, CONTROLLER = 18080, 19092, 19093
KEY = "demo-admin-key"  # the default run's demo credentials


def call(path, body=None):
    request = urllib.request.Request(f"http://localhost:{PORT}{path}", headers={"X-API-Key": KEY},
                                     data=None if body is None else json.dumps(body).encode())
    if body is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=120) as answer:
        return answer.read().decode()


def start(jar, data, log_name, java_options=(), arguments=()):
    """Starts the jar on data directory {data} and returns once it answers; its output goes to {log_name}."""
    log = open(os.path.join(tempfile.gettempdir(), log_name), "w")
    app = subprocess.Popen(["java", *java_options, "-jar", jar, f"--journey.data-dir={data}", f"--server.port={PORT}",
                            f"--journey.embedded-kafka.port={KAFKA}",
                            f"--journey.embedded-kafka.controller-port={CONTROLLER}", *arguments],
                           stdout=log, stderr=log)
    for _ in range(180):
        try:
            call("/actuator/health")
            return app
        except urllib.error.HTTPError:
            return app  # it answers, if only to refuse a key it does not know yet (before record() has read it)
        except OSError:
            time.sleep(1)
    return app


def stop(app):
    app.terminate()
    app.wait(60)


def lag():
    """Events stored that some processor has not handled yet."""
    return sum(float(line.rsplit(" ", 1)[1]) for line in call("/actuator/prometheus").splitlines()
               if line.startswith("journey_processor_lag{"))


def busy_jiffies():
    values = list(map(int, open("/proc/stat").readline().split()[1:]))
    return sum(values) - values[3] - values[4]  # all but idle and iowait


def process_jiffies(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime
