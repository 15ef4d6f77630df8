"""Summaries and tables several targets share: one wall time per scenario and side, and its ratio."""

from harness.common import fmt, median

SKIP = ("_measured", "_error")


def wall_rows(t):
    """One row per scenario of a target's results: medians per side, ours / baseline."""
    rows = []
    for label, sides in t.items():
        if label in SKIP or not isinstance(sides, dict) or "ours" not in sides:
            continue
        o = median(r["wall"] for r in sides["ours"])
        b = median(r["wall"] for r in sides["baseline"])
        rows.append(
            {
                "task": label,
                "ours_s": o,
                "baseline_s": b,
                "ratio": o / b,
                "ours_requests": median(r["requests"] for r in sides["ours"]),
                "baseline_requests": median(r["requests"] for r in sides["baseline"]),
                "ours_rss_mib": median(r.get("max_module_rss_mib") or r["module_rss_mib"] for r in sides["ours"]),
                "baseline_rss_mib": median(
                    r.get("max_module_rss_mib") or r["module_rss_mib"] for r in sides["baseline"]
                ),
                "changed": dict((k, [r.get("changed") for r in v]) for k, v in sides.items()),
                "failed": dict((k, [r.get("failed_items") for r in v]) for k, v in sides.items()),
                "unexpected": sorted(
                    set("%s %s" % (k, r["unexpected"]) for k in sides for r in sides[k] if r.get("unexpected"))
                ),
            }
        )
    return rows


def wall_table(rows, title, goal, measured, each_row=None):
    out = ["### " + title + measured, "", "Target: %s." % goal, ""]
    out.append("| what | ours s | baseline s | ratio | requests ours / baseline | max module RSS MiB ours / baseline |")
    out.append("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        out.append(
            "| %s | %.2f | %.2f | **%.2f** | %s / %s | %s / %s |"
            % (
                r["task"],
                r["ours_s"],
                r["baseline_s"],
                r["ratio"],
                fmt(r["ours_requests"], "%d"),
                fmt(r["baseline_requests"], "%d"),
                fmt(r["ours_rss_mib"], "%.0f"),
                fmt(r["baseline_rss_mib"], "%.0f"),
            )
        )
        if each_row:
            out.extend(each_row(r))
    out.append("")
    return out
