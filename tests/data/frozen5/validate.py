"""Validate the frozen5 gold files: JSON lines with required fields, ontology relation names, valid dates.
Usage: python3 tests/data/frozen5/validate.py   (prints counts; exits 1 on any error)"""
import datetime, glob, json, os, re, sys, collections
D = os.path.dirname(os.path.abspath(__file__))
RELS = {"MET", "CALLED", "VISITED", "HOSTED", "ATTENDED", "SANCTIONED", "IMPORTS_FROM", "EXPORTS_TO", "MEMBER_OF",
        "HOLDS_OFFICE", "ALLIED_WITH", "PARTNER_OF", "ADVERSARY_OF", "PROVIDED_AID", "CANCELLED_DEAL_WITH", "CRITICIZED",
        "DETAINED", "INVADED", "NEGOTIATED_WITH", "SIGNED_AGREEMENT_WITH", "EXPELLED", "THREATENED", "INTERACTED_WITH"}
REQ = ["id", "tier", "subject", "relation", "object", "date", "status", "evidence"]
def okdate(d):
    if d is None: return True
    for fmt, rx in (("%Y-%m-%d", r"\d{4}-\d{2}-\d{2}$"), ("%Y-%m", r"\d{4}-\d{2}$"), ("%Y", r"\d{4}$")):
        if re.match(rx, d):
            datetime.datetime.strptime(d, fmt); return True
    return False
errs = []; tiers = collections.Counter(); rels = collections.Counter(); words = 0; n = 0; genres = collections.Counter()
for txt in sorted(glob.glob(f"{D}/*.txt")):
    name = os.path.basename(txt)[:-4]; n += 1
    text = open(txt, encoding="utf-8").read(); words += len(text.split())
    meta = json.load(open(f"{D}/{name}.meta.json"))
    for k in ("id", "title", "published", "language", "genre", "notes"):
        if k not in meta: errs.append(f"{name}: meta lacks {k}")
    if meta.get("id") != name: errs.append(f"{name}: meta id mismatch")
    pub = datetime.date.fromisoformat(meta["published"])
    if not (2014 <= pub.year <= 2021 or 2025 <= pub.year <= 2026): errs.append(f"{name}: published {pub} out of range")
    genres[meta["genre"]] += 1
    ids = set()
    for i, line in enumerate(open(f"{D}/{name}.gold.jsonl", encoding="utf-8"), 1):
        try: g = json.loads(line)
        except Exception as e: errs.append(f"{name}:{i}: bad JSON {e}"); continue
        for k in REQ:
            if k not in g: errs.append(f"{name}:{i}: missing {k}")
        if g.get("id") in ids: errs.append(f"{name}:{i}: duplicate id")
        ids.add(g.get("id"))
        if g.get("tier") not in ("core", "extra"): errs.append(f"{name}:{i}: tier {g.get('tier')}")
        if g.get("relation") not in RELS: errs.append(f"{name}:{i}: relation {g.get('relation')}")
        if g.get("status") not in ("occurred", "planned", "ended"): errs.append(f"{name}:{i}: status {g.get('status')}")
        try:
            if not okdate(g.get("date")): errs.append(f"{name}:{i}: date {g.get('date')}")
        except ValueError: errs.append(f"{name}:{i}: invalid date {g.get('date')}")
        if not g.get("subject") or not g.get("object"): errs.append(f"{name}:{i}: empty actor")
        if g.get("subject") == g.get("object"): errs.append(f"{name}:{i}: subject == object")
        tiers[g["tier"]] += 1; rels[(g["relation"], g["tier"])] += 1
print(f"passages {n}, words {words}, gold core {tiers['core']}, extra {tiers['extra']}")
print("genres", dict(genres))
for r in sorted({r for r, _ in rels}):
    print(f"  {r:22s} core {rels[(r, 'core')]:4d}  extra {rels[(r, 'extra')]:4d}")
for e in errs: print("ERROR", e)
sys.exit(1 if errs else 0)
