"""Hostile and huge inputs (issue 15): wall time, peak RSS and outcome of each scenario, for a baseline
revision (default: main) and this checkout, in one run.

Each scenario runs the `newsprism` CLI in a child process with a wall-time limit (--timeout) and an
address-space cap (--mem-gb, so a runaway baseline cannot take the shared machine down); peak RSS is the
child's ru_maxrss (os.wait4). The baseline's sources come from `git archive <rev> src`.

    python bench/hostile.py [--base main] [--timeout 60] [--mem-gb 4] [--only NAME ...] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
BODY = ("The ferry board of Varnholm met on Tuesday to discuss the harbour budget and the new pier. "
        "Officials said the vote would come next week after a public hearing. ")
TOPICS = ["harbour ferry dock crane pier", "orchard apple blossom frost harvest", "museum painting curator gallery",
          "bridge girder span rivet crossing", "school pupil teacher exam timetable", "festival stage band ticket",
          "reservoir drought water pipe leak", "tram track depot driver fare", "library archive reader shelf",
          "stadium pitch referee league fixture", "volcano ash crater eruption lava", "glacier ice melt valley snow"]


COPY_SENTS = [  # one invented wire text; each copy changes its dateline, credit line and a few numbers
    "The council of Varnby voted on Tuesday to close the old harbour bridge after inspectors found {n} cracked girders.",
    "Mayor Ilse Pellow said the closure would last at least {w} weeks while engineers assess the damage.",
    "\"We cannot take risks with people's lives,\" Pellow told reporters outside the town hall.",
    "About {k} vehicles cross the bridge each day, according to the regional transport office.",
    "The ferry operator Lantern Lines said it would add {f} extra sailings to carry commuters across the estuary.",
    "Opposition councillor Bram Tolvik said the council had ignored warnings about the bridge since 2019.",
    "\"This was entirely predictable,\" Tolvik said, adding that a report in 2021 had flagged corrosion.",
    "Repairs are expected to cost {c} million crowns, the finance committee said on Wednesday.",
    "The bridge, built in 1934, carries the main road between Varnby and the northern suburbs.",
    "Local shops near the bridge said trade had fallen by {p} percent since the first restrictions in March.",
    "The regional government said it would consider emergency funding at its meeting on Friday.",
    "Engineers from the Kettle Institute will begin a detailed survey next Monday.",
    "Police said diversions would be signposted and urged drivers to allow extra time.",
    "School buses will be rerouted through the western ring road from Thursday.",
    "The council said it would publish the inspectors' full report within {d} days.",
]


def copy_record(i: int) -> dict:
    """Copy i of 230 of one wire text (outlet, title, dateline, credit line and some numbers vary)."""
    pick = lambda xs: xs[(i * 7 + len(xs) * 3 + sum(map(len, map(str, xs)))) % len(xs)]  # noqa: E731
    vals = dict(n=pick([12, 14, 14, 14, 15]), w=pick([6, 8, 8]), k=pick(["18,000", "18,000", "20,000"]),
                f=pick([4, 6]), c=pick([40, 42, 45]), p=pick([20, 30]), d=pick([10, 14]))
    text = (f"VARNBY, March {3 + i % 3} (Outlet {i}) - " + " ".join(x.format(**vals) for x in COPY_SENTS)
            + f" Reporting by Desk {i % 17}; editing by Team {i % 5}.")
    return {"id": f"w{i:03d}", "title": f"Varnby closes harbour bridge ({i})", "outlet": f"Outlet {i}",
            "url": f"https://outlet{i}.example/news/bridge-{i}", "date": f"2031-03-0{3 + i % 3}T{8 + i % 10:02d}:00:00Z",
            "text": text}


def topic_text(t: int, k: int, tag: str) -> str:
    w = TOPICS[t % len(TOPICS)].split()
    body = " ".join(f"{x.capitalize()} {w[(i + 1) % len(w)]} {w[(i + 2) % len(w)]} {x}s {w[(i + 3) % len(w)]}."
                    for i, x in enumerate(w)) * 3
    return body + f" Bulletin {k} of {tag}."


# --- inputs ---------------------------------------------------------------------------------------------
def make_inputs(d: Path) -> dict[str, Path]:
    p: dict[str, Path] = {}
    rows = ["id,title,text"] + [f'{i},Row {i},"{BODY * 3}"' for i in range(1, 6)]
    rows[2] = '2,Huge,"' + "word " * 2_000_000 + '"'  # a 10 MB field in row 2 of 5
    (p_csv := d / "huge_field.csv").write_text("\n".join(rows) + "\n")
    p["csv"] = p_csv
    with open(p_jl := d / "bad_lines.jsonl", "w") as fh:
        fh.write(json.dumps({"id": "g1", "title": "good one", "text": BODY * 3}) + "\n")
        fh.write("{broken line\n" * 1_000_000)
        fh.write(json.dumps({"id": "g2", "title": "good two", "text": BODY * 3}) + "\n")
    p["bad_lines"] = p_jl
    good = json.dumps({"id": "u", "title": "Café Ørsted in Zürich", "text": BODY * 3}, ensure_ascii=False)
    latin = json.dumps({"id": "l", "title": "Señora Muñoz à Genève", "text": BODY * 3}, ensure_ascii=False)
    (p_mx := d / "mixed.jsonl").write_bytes(good.encode() + b"\n" + latin.encode("latin-1") + b"\n")
    p["mixed"] = p_mx
    names = ["Mara Vint", "Olek Dray", "Sina Porth", "Tavi Rune"]
    sents = []
    for i in range(2000):
        nm = names[i % 4]
        sents.append((f'"The ferry will sail on day {i}," {nm} said.', f"The council voted {i} times on the budget.",
                      f"{nm.split()[1]} said the pier needed {i} new planks.",
                      f"According to {nm}, the depot will close at {i} o'clock.")[i % 4])
        if i % 5 == 4:
            sents.append("\n")
    (p_long := d / "long2000.txt").write_text("Ferry board debate\n\n" + " ".join(sents))
    p["long"] = p_long
    para = "<p>" + BODY + "</p>\n"
    with open(p_flat := d / "flat49.html", "w") as fh:
        fh.write("<html><head><title>Flat</title></head><body>")
        for i in range(int(49 * 1048576 / (len(para) + 8))):
            fh.write(f"<div>{i}{para}</div>")
        fh.write("</body></html>")
    p["flat"] = p_flat
    import gzip
    rec = "<html><body>" + "".join(f"<p>{i} {BODY}</p>" for i in range(int(9 * 1048576 / (len(BODY) + 16)))) \
        + "</body></html>"
    body = rec.encode()
    with gzip.open(p_warc := d / "big.warc.gz", "wb") as fh:
        for n in range(40):
            http_part = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n"
                         .encode() + body)
            head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://w.test/{n}\r\n"
                    f"WARC-Date: 2031-03-05T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{n:032d}>\r\n"
                    f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http_part)}\r\n\r\n")
            fh.write(head.encode() + http_part + b"\r\n\r\n")
    p["warc"] = p_warc
    for tag in ("a", "b"):  # two sets of unrelated topics for the concurrent adds
        sd = d / f"set_{tag}"
        sd.mkdir()
        for t in range(6):
            topic = t if tag == "a" else t + 6
            for k in range(40):
                (sd / f"{tag}{topic:02d}_{k:03d}.txt").write_text(f"{TOPICS[topic]} {k}\n\n{topic_text(topic, k, tag)}")
        p[f"set_{tag}"] = sd
    with open(p_big := d / "big.jsonl", "w") as fh:
        for i in range(6000):
            t = i % len(TOPICS)
            fh.write(json.dumps({"id": f"k{i}", "title": f"{TOPICS[t]} {i}", "text": topic_text(t, i, "k")}) + "\n")
    p["big"] = p_big
    with open(p_cp := d / "copies230.jsonl", "w") as fh:
        for i in range(230):
            fh.write(json.dumps(copy_record(i)) + "\n")
    p["copies"] = p_cp
    (p_ok := d / "good.txt").write_text("Ferry title\n\n" + BODY * 3)
    p["good"] = p_ok
    return p


# --- a hostile local server --------------------------------------------------------------------------
class Hostile(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):  # noqa: N802 - http.server API
        if self.path == "/trickle":  # a byte every 2 s: passes every per-read timeout
            try:
                for b in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" * 50:
                    self.wfile.write(bytes([b]))
                    self.wfile.flush()
                    time.sleep(2)
            except OSError:
                pass
            return
        self.send_response(302)
        self.send_header("Location", "data:text/html,<p>hello</p>")
        self.end_headers()


# --- running ---------------------------------------------------------------------------------------------
def run(src: Path, args: list[str], timeout: float, mem_gb: float, cwd: Path, kill_after: float | None = None):
    """(seconds, peak RSS MB, exit code or 'killed', stdout, stderr) of `newsprism ARGS` on sources `src`."""
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONWARNINGS="ignore")
    limit = int(mem_gb * 1024 ** 3)

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    t = time.perf_counter()
    p = subprocess.Popen([PY, "-c", "from newsprism.cli import main; main()", *args], cwd=cwd, env=env,
                         stdout=out, stderr=err, preexec_fn=cap)
    deadline = t + (kill_after if kill_after is not None else timeout)
    status = None
    while True:
        pid, st, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            status = os.waitstatus_to_exitcode(st)
            break
        if time.perf_counter() > deadline:
            p.send_signal(signal.SIGKILL)
            _, st, ru = os.wait4(p.pid, 0)
            status = "killed"
            break
        time.sleep(0.05)
    p.returncode = 0  # reaped above
    secs = time.perf_counter() - t
    out.seek(0)
    err.seek(0)
    return secs, ru.ru_maxrss / 1024, status, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")


def mixed_stories(db: Path) -> tuple[int, int]:
    """(stories holding articles of both sets, stories) in a store filled from set_a and set_b."""
    con = sqlite3.connect(db)
    rows = con.execute("SELECT id, story_id FROM articles").fetchall()
    con.close()
    sets: dict[str, set[str]] = {}
    for aid, sid in rows:
        sets.setdefault(sid, set()).add(aid[0])
    return sum(len(v) > 1 for v in sets.values()), len(sets)


def scenarios(p: dict[str, Path], url: str, after: bool):
    """(name, what, args, check(stdout, stderr, workdir) -> outcome) per scenario; `after` adds new options."""
    def lines(err, word):
        return sum(word in ln for ln in err.splitlines())

    def brief_said(w: Path, say) -> str:
        """What `say(brief)` reports on the brief written to out.json, or "no brief"."""
        out = w / "out.json"
        return say(json.loads(out.read_text())) if out.exists() else "no brief"

    allow = ["--allow-private", "--fetch-deadline", "10"] if after else []
    yield ("csv_huge_field", "brief of a CSV whose row 2 of 5 has a 10 MB field",
           ["brief", str(p["csv"]), "--format", "json", "-o", "out.json"],
           lambda o, e, w: brief_said(w, lambda b: f"{len(b['articles'])} of 5 rows read, "
                                                   f"{lines(e, 'skipped')} skip line(s)"))
    yield ("jsonl_1M_bad_lines", "add of a JSONL with 1,000,000 bad lines and 2 good ones",
           ["add", str(p["bad_lines"]), "--db", "s.db"],
           lambda o, e, w: f"{o.strip()[:90]} | {len(e.splitlines())} stderr lines")
    yield ("mixed_encoding", "add of a JSONL mixing UTF-8 and Latin-1 lines",
           ["add", str(p["mixed"]), "--db", "s.db"],
           lambda o, e, w: f"titles {sorted(r[0] for r in sqlite3.connect(w / 's.db').execute('SELECT title FROM articles'))}"
                           f"; warning lines: {lines(e, 'not UTF-8')}")
    yield ("long_article_2000", "brief of one 2,000-sentence article",
           ["brief", str(p["long"]), "--format", "json", "-o", "out.json"],
           lambda o, e, w: brief_said(w, lambda b: f"quotes {len(b['quotes'])}"))
    yield ("copies_230", "brief of a story of 230 copies of one text (JSON and HTML)",
           ["brief", str(p["copies"]), "--format", "json", "-o", "out.json"],
           lambda o, e, w: brief_said(w, lambda b: f"{len(b['copy_groups'])} copy group(s) of "
                            f"{[len(g['article_ids']) for g in b['copy_groups']]}, brief JSON "
                            f"{(w / 'out.json').stat().st_size / 1e6:.2f} MB, {len(b['facts'])} facts, "
                            f"{len(b['conflicts'])} conflicts, {len(b['quotes'])} quotes"))
    yield ("flat_html_49MB", "brief of a flat 49 MiB HTML page and a good text file",
           ["brief", str(p["flat"]), str(p["good"]), "--format", "json", "-o", "out.json"],
           lambda o, e, w: brief_said(w, lambda b: f"{len(b['articles'])} article(s), "
                                                   f"{lines(e, 'skipped')} skip line(s)"))
    yield ("warc_40x9MB", "add of a .warc.gz of 40 x 9 MB HTML records",
           ["add", str(p["warc"]), "--db", "s.db"],
           lambda o, e, w: f"{o.strip()[:70]} | {lines(e, 'skipped')} skip line(s)")
    yield ("slow_server", "brief of a URL whose server sends 1 byte every 2 s, and a good file",
           ["brief", url + "/trickle", str(p["good"]), "--format", "json", "-o", "out.json", *allow],
           lambda o, e, w: ("brief made" if (w / "out.json").exists() else "no brief") + f"; {e.strip()[-90:]!r}")
    yield ("bad_urls", "brief of a redirect to data:, http://[zz]/ and a good file",
           ["brief", url + "/to-data", "http://[zz]/", str(p["good"]), "--format", "json", "-o", "out.json", *allow],
           lambda o, e, w: ("brief made" if (w / "out.json").exists() else "no brief")
                           + f", {lines(e, 'skipped')} skip line(s), traceback: {'Traceback' in e}")


def one_version(label: str, src: Path, p: dict[str, Path], url: str, after: bool, a) -> list[dict]:
    rows = []
    for name, what, args, check in scenarios(p, url, after):
        if a.only and name not in a.only:
            continue
        with tempfile.TemporaryDirectory() as w:
            wd = Path(w)
            secs, rss, status, out, err = run(src, args, a.timeout, a.mem_gb, wd)
            try:
                outcome = check(out, err, wd)
            except Exception as exc:  # noqa: BLE001 - a bench reports whatever happened
                outcome = f"({type(exc).__name__})"
            if status not in (0, "killed") and "Error" in err:
                outcome += f" | {err.strip().splitlines()[-1][:80]}"
        rows.append({"version": label, "scenario": name, "what": what, "seconds": round(secs, 1),
                     "peak_rss_mb": round(rss), "exit": status, "outcome": outcome})
        print(f"{label:6} {name:20} {secs:6.1f} s {rss:7.0f} MB exit={status} {outcome}", flush=True)
    if not a.only or "concurrent_add" in a.only:
        rows.append(concurrent(label, src, p, a))
    if not a.only or "kill_mid_file" in a.only:
        rows.append(kill_mid_file(label, src, p, a))
    return rows


def concurrent(label, src, p, a) -> dict:
    """Two `add`s at once on one store (sets of unrelated topics): stories that mix the two sets."""
    with tempfile.TemporaryDirectory() as w:
        wd = Path(w)
        res: list = [None, None]
        t = time.perf_counter()
        ths = [threading.Thread(target=lambda i=i, s=s: res.__setitem__(
            i, run(src, ["add", str(p[s]), "--db", "s.db", "--batch", "20"], a.timeout * 2, a.mem_gb, wd)))
            for i, s in enumerate(("set_a", "set_b"))]
        for th in ths:
            th.start()
        for th in ths:
            th.join()
        secs = time.perf_counter() - t
        mixed, total = mixed_stories(wd / "s.db")
    row = {"version": label, "scenario": "concurrent_add", "what": "two `add`s at once on one store (2 x 240 articles)",
           "seconds": round(secs, 1), "peak_rss_mb": round(max(r[1] for r in res)),
           "exit": [r[2] for r in res], "outcome": f"{mixed} of {total} stories mix the two sets"}
    print(f"{label:6} concurrent_add       {secs:6.1f} s exit={row['exit']} {row['outcome']}", flush=True)
    return row


def kill_mid_file(label, src, p, a) -> dict:
    """SIGKILL an `add` of one 6,000-record JSONL (--batch 200) after --kill-after s: articles committed."""
    with tempfile.TemporaryDirectory() as w:
        wd = Path(w)
        secs, rss, status, _, _ = run(src, ["add", str(p["big"]), "--db", "s.db", "--batch", "200"], a.timeout,
                                      a.mem_gb, wd, kill_after=a.kill_after)
        try:
            con = sqlite3.connect(wd / "s.db")
            n = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            ok = con.execute("PRAGMA integrity_check").fetchone()[0]
            con.close()
        except sqlite3.Error as exc:
            n, ok = 0, str(exc)
    row = {"version": label, "scenario": "kill_mid_file", "what": f"kill -9 after {a.kill_after:g} s of one JSONL add",
           "seconds": round(secs, 1), "peak_rss_mb": round(rss), "exit": status,
           "outcome": f"{n} articles committed, integrity {ok}"}
    print(f"{label:6} kill_mid_file        {secs:6.1f} s {row['outcome']}", flush=True)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", default="main", help="git revision of the baseline")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--mem-gb", type=float, default=4.0)
    ap.add_argument("--kill-after", type=float, default=20.0)
    ap.add_argument("--only", nargs="*", default=[])
    ap.add_argument("--skip-base", action="store_true")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{srv.server_address[1]}"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        p = make_inputs(tmp / "in")
        if not a.skip_base:
            arch = subprocess.run(["git", "-C", str(ROOT), "archive", a.base, "src"], capture_output=True, check=True)
            tar = tmp / "base.tar"
            tar.write_bytes(arch.stdout)
            with tarfile.open(tar) as tf:
                tf.extractall(tmp / "base", filter="data")
            rows += one_version(a.base, tmp / "base" / "src", p, url, after=False, a=a)
        rows += one_version("this", ROOT / "src", p, url, after=True, a=a)
    srv.shutdown()
    print("\n| scenario | version | s | peak RSS MB | exit | outcome |\n|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['scenario']} | {r['version']} | {r['seconds']} | {r['peak_rss_mb']} | {r['exit']} | {r['outcome']} |")
    if a.out:
        Path(a.out).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
