"""One line of words for a candidate's features, for CSV cells and terminals."""

from __future__ import annotations


def explain(features: list[dict]) -> str:
    return "; ".join(explain_parts(features))


def explain_parts(features: list[dict]) -> list[str]:
    """One phrase per feature, in order (the admin's screening page lists them)."""
    parts = []
    for f in features:
        kind = f["feature"]
        if kind == "name":
            pairs = ", ".join(
                f"{t['query']}={t['matched']}" if t["matched"] else f"{t['query']} unmatched"
                for t in f["tokens"]
            )
            parts.append(f"name {f['score']:.2f} ({pairs})")
        elif kind == "weak_alias":
            parts.append(f"weak alias {f['effect']}")
        elif kind == "city":
            parts.append(f"city {', '.join(f['candidate'])} matches an address")
        elif kind == "identifier":
            parts.append(f"identifier {f['query']} ({f['matched']}) exact")
        else:
            label = kind.replace("_", " ")
            if f.get("agrees") is None:
                parts.append(f"{label} {f.get('query')} not known for the candidate")
            elif f["agrees"]:
                parts.append(f"{label} {f.get('query')} agrees")
            else:
                parts.append(
                    f"{label} {f.get('query')} disagrees ({', '.join(map(str, f['candidate']))})"
                    f" {f['effect']}"
                )
    return parts
