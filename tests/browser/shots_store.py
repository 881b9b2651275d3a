"""Serve a demo store for screenshots (node shots.mjs): the example story + invented stories and outlet tables.

Usage: python tests/browser/shots_store.py PORT
"""
import os
import sys
import tempfile
from pathlib import Path

import uvicorn

from newsprism import collection, store
from newsprism.model import Article, Outlet
from newsprism.outlets import load_table
from newsprism.web import create_app

STORY = Path(__file__).resolve().parents[2] / "examples" / "story"

db = os.path.join(tempfile.mkdtemp(), "demo.db")
st = store.Store(db)
collection.Collection(st).ingest([str(STORY / "articles.jsonl"), str(STORY / "meridian_wire.html")])
extra = [Outlet(domain=f"{n.lower().replace(' ', '-')}.example", name=n, lean=lean, country=c, kind=k)
         for n, lean, c, k in [("Ostre Herald", "left", "Ostreland", "partisan"), ("Westmark Sun", "right", "Westmark", "partisan"),
                            ("Quill Public Radio", "centre", "Ostreland", "public"), ("Fenby Tribune", "lean left", "Ostreland", "partisan")]]
st.import_outlets(load_table(str(STORY.parent / "outlets.csv")) + extra)
texts = [("Harbour cranes idle as dockworkers strike", ["ostre-herald", "fenby-tribune", "quill-public-radio"], "2026-03-06T10:15:00Z",
          "Dockworkers at the port of Elin walked out on Thursday over pay. The union said 400 members joined the strike. Cranes stood idle through the afternoon."),
         ("New tram line opens in Westmark capital", ["westmark-sun"], "2026-03-07T08:00:00Z",
          "The new tram line in the Westmark capital opened on Saturday. The city said 12 stops serve the eastern districts."),
         ("Library extends night hours", ["ostre-herald", "fenby-tribune", "ostre-herald"], "",
          "The central library will stay open until midnight from next month. The council approved the plan on Tuesday.")]
n = 0
arts = []
for title, hosts, date, body in texts:
    for h in hosts:
        n += 1
        arts.append(Article(id=f"x{n}", title=title, text=body + f" Reported by staff {n}.", date=date,
                            url=f"https://{h}.example/news/{n}", outlet="", source=f"demo{n}"))
collection.Collection(st).ingest(arts)
uvicorn.run(create_app(db_path=db), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
