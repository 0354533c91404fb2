"""One recorded event store on an external PostgreSQL that several jars are started on in turn, for the A/B scripts
beside this file (replay-ab.py, read-ab.py).

The store lives in a fresh database on the local PostgreSQL (psql must reach 127.0.0.1:5432 as user postgres) and
one data directory, which holds the master key the customers' data keys are wrapped with; close() drops both.
Settings: AB_CUSTOMERS (2,000), AB_TOUCHPOINTS (40,000), AB_JAVA_OPTIONS (-Xmx512m).
"""
import os
import random
import re
import shutil
import subprocess
import tempfile
import time

import jarrun
from jarrun import call, lag

CUSTOMERS = int(os.environ.get("AB_CUSTOMERS", "2000"))
TOUCHPOINTS = int(os.environ.get("AB_TOUCHPOINTS", "40000"))
JAVA_OPTIONS = tuple(os.environ.get("AB_JAVA_OPTIONS", "-Xmx512m").split())


class Store:
    def __init__(self, name):
        self.name = name
        self.database = f"journey_{name.replace('-', '_')}_{int(time.time())}"
        self.data = tempfile.mkdtemp(prefix=name + "-")
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", self.database], check=True)

    def psql(self, sql):
        return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", self.database, "-Atqc", sql],
                              check=True, capture_output=True, text=True).stdout.strip()

    def blocks(self):
        """Shared-buffer hits and reads of this database so far (as far as the statistics collector has them)."""
        hit, read = self.psql(f"SELECT blks_hit, blks_read FROM pg_stat_database WHERE datname = '{self.database}'")\
            .split("|")
        return int(hit), int(read)

    def autovacuums(self):
        """What autovacuum workers are doing in this database right now."""
        return [line for line in self.psql("SELECT query FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"
                                           f" AND datname = '{self.database}'").splitlines() if line]

    def start(self, jar, label):
        """Starts the jar on this store; returns the process once it answers."""
        log = f"{self.name}-{label}.log"
        return jarrun.start(jar, self.data, log, JAVA_OPTIONS,
                            (f"--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/{self.database}",
                             "--spring.datasource.username=postgres"))

    def record(self, jar):
        """Records the load with {jar}, waits until every processor has caught up, stops it; returns the events."""
        app = self.start(jar, "load")
        # With an external database there are no demo keys: the first start issues an administrator key and logs it.
        log = os.path.join(tempfile.gettempdir(), f"{self.name}-load.log")
        jarrun.KEY = re.search(r"X-API-Key: (\S+)", open(log).read()).group(1)
        rng = random.Random(7)
        for first in range(0, TOUCHPOINTS, 500):
            call("/api/touchpoints/batch", [touchpoint(i, rng) for i in range(first, min(first + 500, TOUCHPOINTS))])
        while lag() > 0:
            time.sleep(1)
        jarrun.stop(app)
        events = int(self.psql("SELECT count(*) FROM domain_event_entry"))
        print(f"recorded {TOUCHPOINTS} touchpoints over {CUSTOMERS} customers: {events} events", flush=True)
        return events

    def close(self):
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", self.database])
        shutil.rmtree(self.data, ignore_errors=True)


def touchpoint(i, rng):
    """The bench's mix in brief: a sign-up per customer first, then channels with what each of them knows."""
    c = i if i < CUSTOMERS else rng.randrange(CUSTOMERS)
    email, card = {"type": "email", "value": f"c{c}@example.com"}, {"type": "loyalty_card", "value": f"LC{c:08d}"}
    at = f"2026-11-{1 + i * 28 // TOUCHPOINTS:02d}T{i % 24:02d}:{i % 60:02d}:{i % 59:02d}.{i % 1000:03d}Z"
    tp = {"source": "ab", "sourceEventId": f"tp-{i}", "occurredAt": at, "data": {"traceId": f"{rng.getrandbits(64):x}"}}
    if i < CUSTOMERS:
        tp.update(channel="web", type="sign_up", identifiers=[card, email, {"type": "device_id", "value": f"dev-{c}"}])
        tp["data"]["marketingConsent"] = c % 3 != 0
        return tp
    kind = rng.randrange(100)
    if kind < 30:
        cents, quantity = 500 + rng.randrange(30000), 1 + rng.randrange(3)
        tp.update(channel="store", type="purchase", identifiers=[card])
        tp["data"].update(orderId=f"ORD-{i}", currency="EUR", total=f"{cents * quantity / 100:.2f}", storeId="s-1",
                          items=[{"sku": f"SKU-{i % 5000}", "name": "Item", "quantity": quantity,
                                  "unitPrice": f"{cents / 100:.2f}"}])
    elif kind < 70:
        tp.update(channel="web", type="page_view", identifiers=[card, email])
        tp["data"].update(path=f"/catalogue/item-{i % 5000}", sessionId=f"s-{i // 20}")
    elif kind < 82:
        tp.update(channel="email", type="email_open", identifiers=[email])
        tp["data"]["campaign"] = f"cmp-{i % 50}"
    else:
        tp.update(channel="call_centre", identifiers=[email], conversationId=f"case-{c}-{i % 3}", actor="agent:7")
        if kind < 87:
            tp.update(type="fact")
            tp["data"].update(key="shoe_size", value=f"v-{i % 1000}")
        else:
            tp.update(type="interaction")
            tp["data"].update(kind="call", direction="inbound", sentiment=0.25,
                              summary=f"Customer asked about order {i} and delivery")
    return tp
