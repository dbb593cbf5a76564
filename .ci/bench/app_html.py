#!/usr/bin/env python3
"""Writes an HTML version of an application for the Chromium side of pdf-compare.sh.

Usage: app_html.py APP.json OUT.html

Benchmark input only (not shipped): the same form, labels and values as the app's PDF,
with the drawn signature as inline SVG paths and DejaVu Sans, so Chromium lays out and
prints a document of the same size and content.
"""
import html
import json
import sys

PLATFORMS = {
    "facebook": "Facebook", "instagram": "Instagram", "x": "X", "linkedin": "LinkedIn",
    "youtube": "YouTube", "tiktok": "TikTok", "blogg": "Blogg", "annat": "Annat",
}

CSS = """
@page { size: A4; margin: 16mm 20mm 18mm 20mm; }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9.5pt; color: #000; margin: 0; }
header { display: flex; justify-content: space-between; align-items: baseline;
         border-bottom: 0.7pt solid #000; padding-bottom: 4pt; }
header b { font-size: 16pt; } header span { font-size: 8pt; color: #888; }
h1 { font-size: 17pt; margin: 10pt 0 2pt; }
h2 { font-size: 10pt; margin: 10pt 0 3pt; }
.hint { font-size: 7pt; color: #666; margin: 0 0 3pt; }
.value { border-bottom: 0.5pt solid #999; padding: 3pt; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 0.5pt solid #999; padding: 4pt; text-align: left; vertical-align: bottom; }
th { background: #f0f0f0; font-size: 7pt; color: #555; font-weight: normal; }
.check { margin-top: 12pt; font-weight: bold; }
footer { position: fixed; bottom: 0; left: 0; right: 0; font-size: 7pt; color: #555;
         display: flex; justify-content: space-between; }
"""


def esc(text):
    return html.escape(str(text))


def phone(e164):
    return "0" + e164[3:] if e164.startswith("+46") else e164


def people(rows):
    out = ["<table><tr><th>Namn</th><th>Telefon</th><th>E-post</th></tr>"]
    for p in rows:
        out.append(f"<tr><td>{esc(p['name'])}</td><td>{esc(phone(p['phone']))}</td>"
                   f"<td>{esc(p['email'])}</td></tr>")
    out.append("</table>")
    return "".join(out)


def signature(sig):
    if not sig:
        return "<div style='height:40pt'></div>"
    if sig.get("kind") == "typed":
        return f"<span style='font:italic 16pt \"DejaVu Serif\"'>{esc(sig.get('text', ''))}</span>"
    if sig.get("kind") != "drawn":
        return "<div style='height:40pt'></div>"
    paths = []
    for stroke in sig["strokes"]:
        if stroke:
            d = "M" + " L".join(f"{p['x']} {p['y']}" for p in stroke)
            paths.append(f"<path d='{d}'/>")
    return (f"<svg viewBox='0 0 {sig['width']} {sig['height']}' width='160pt' "
            f"fill='none' stroke='#1f3a93' stroke-width='4' stroke-linecap='round' "
            f"stroke-linejoin='round'>{''.join(paths)}</svg>")


def render(app):
    approval = app.get("approval") or {}
    channels = "".join(
        f"<tr><td>{esc(c.get('other_name') or PLATFORMS.get(c['platform'], c['platform']))}</td>"
        f"<td>{esc(c['address'])}</td></tr>" for c in app["channels"])
    tick = "☒" if app.get("guidelines_read") else "☐"
    seal = (app.get("seal") or "")[:12]
    return f"""<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Sociala medier – Ansökan</title>
<meta name="author" content="{esc(app['unit'])}"><style>{CSS}</style></head><body>
<header><b>SMEDJEBACKEN</b><span>smedjebacken.se</span></header>
<h1>Sociala medier – Ansökan</h1>
<div>Verksamhet som vill starta kommunikation via sociala medier</div>
<h2>Förvaltning/enhetens namn</h2><div class="value">{esc(app['unit'])}</div>
<h2>Socialt media som verksamheten vill använda</h2>
<table><tr><th style="width:30%">Ex Facebook/Instagram</th><th>Ange adress</th></tr>{channels}</table>
<h2>Syftet med att delta</h2><p class="hint">Ex sprida information, service</p>
<div class="value">{esc(app['purpose'])}</div>
<h2>Målgruppen</h2><p class="hint">Ange vilken/vilka som är målgruppen</p>
<div class="value">{esc(app['audience'])}</div>
<h2>Ansvariga för kanalen</h2>{people(app['responsible'])}
<h2>Vem/vilka sköter det praktiska, bevaka, svara på inlägg</h2>{people(app['operators'])}
<p class="check">{tick} Har läst kommunens riktlinjer för sociala medier</p>
<h2>Godkännande av närmaste chef:</h2><p class="hint">Datum/namn/underskrift</p>
<table><tr><th style="width:18%">Datum</th><th style="width:30%">Namnförtydligande</th>
<th>Underskrift</th></tr><tr><td>{esc(approval.get('date', ''))}</td>
<td>{esc(approval.get('name', ''))}</td><td>{signature(approval.get('signature'))}</td></tr></table>
<footer><span>Ansökan {esc(app['id'])} · version {esc(app['version'])} · sigill {esc(seal)}
· signerad {esc(approval.get('date', ''))}</span><span>Sida 1 av 1</span></footer>
</body></html>
"""


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: app_html.py APP.json OUT.html")
    with open(sys.argv[1], encoding="utf-8") as f:
        app = json.load(f)
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write(render(app))


if __name__ == "__main__":
    main()
