"""A SIGKILL in the middle of an ingest loses nothing committed and leaves no half batch; articles stored
but not yet clustered (pending) get their stories from the next writer."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from newsprism.collection import Collection
from newsprism.store import Store

CHILD = r'''
import sys
from newsprism.collection import Collection
from newsprism.store import Store
from newsprism.model import Article
st = Store(sys.argv[1])
c = Collection(st, cluster_unit=50)
words = "harbour river council ferry budget school orchard bridge festival museum".split()
n = 0
while True:
    arts = [Article(id=f"a{n + i}", title=f"{words[(n + i) % 10]} report {n + i}",
                    text=f"Report number {n + i} about the {words[(n + i) % 10]} in Tollan. " * 5,
                    source=f"mem://{n + i}") for i in range(20)]
    from newsprism.collection import IngestReport
    c.add_batch(arts, IngestReport())
    n += 20
    print(n, flush=True)
'''


def test_store_crash_mid_ingest_keeps_committed_batches(tmp_path):
    db = str(tmp_path / "crash.db")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    p = subprocess.Popen([sys.executable, "-c", CHILD, db], stdout=subprocess.PIPE, text=True, env=env)
    committed = 0
    deadline = time.time() + 60
    while committed < 100 and time.time() < deadline:
        line = p.stdout.readline()
        if not line:
            break
        committed = int(line)
    p.send_signal(signal.SIGKILL)
    p.wait()
    assert committed >= 100, "the child did not get far enough"
    with Store(db) as st:
        n = st.count()
        assert n >= committed and n % 20 == 0  # whole batches only
        assert len(st.unassigned()) == n % 50  # whole clustering units have stories, the rest is pending
        assert st.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = {a.id for a in st.articles()}
        assert {f"a{i}" for i in range(committed)} <= ids
    with Store(db) as st:
        c = Collection(st, cluster_unit=50)  # the next writer: the pending articles head its first unit
        assert len(c.pending) == n % 50
        c.flush()
        assert st.unassigned() == [] and sum(st.story_sizes().values()) == n == st.count()
