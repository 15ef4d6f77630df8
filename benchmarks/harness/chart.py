"""benchmarks/results.svg: how each side's cost grows (with the servers, with the size), drawn by matplotlib.

Each target that defines series(summary) gives one panel: {"key", "title", "xlabel", "ylabel", "xlog", "lines":
{side: [(x, y), ...]}}. Every line is drawn with its points marked, labelled by side in the legend, and its SVG group
named series-<key>-<side> (the quick test finds both sides' lines there).
"""

import os

STYLE = {
    "ours": {"color": "#1f77b4", "marker": "o", "label": "polystack.cloud (ours)"},
    "baseline": {"color": "#d62728", "marker": "s", "label": "openstack.cloud (baseline)"},
    "curl -T": {"color": "#7f7f7f", "marker": "^", "linestyle": "--", "label": "curl -T (one raw PUT)"},
    "raw PUT": {"color": "#7f7f7f", "marker": "^", "linestyle": "--", "label": "raw PUT (POST, curl -T, active)"},
}


def write_svg(panels, path, subtitle):
    """Draw the panels side by side into path (SVG); returns path, or None when no panel has points."""
    panels = [p for p in panels if any(p["lines"].values())]
    if not panels:
        return None
    import matplotlib

    matplotlib.use("Agg")  # no display: files only
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text in the SVG (readable, searchable)
    matplotlib.rcParams["svg.hashsalt"] = "polystack-bench"  # stable ids as well
    from matplotlib import pyplot

    fig, axes = pyplot.subplots(1, len(panels), figsize=(6.0 * len(panels), 4.4), squeeze=False)
    for ax, panel in zip(axes[0], panels, strict=True):
        for side, points in panel["lines"].items():
            if not points:
                continue
            xs, ys = zip(*sorted(points), strict=True)
            style = dict(STYLE.get(side, {"label": side}))
            # the SVG group of each line gets an id: series-<panel key>-<side>, e.g. series-inventory-ours
            gid = "series-%s-%s" % (panel["key"], side.split()[0])
            ax.plot(xs, ys, linewidth=1.8, markersize=6, gid=gid, **style)
            for x, y in zip(xs, ys, strict=True):
                ax.annotate("%.3g" % y, (x, y), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=7)
        if panel.get("xlog"):
            ax.set_xscale("log", base=2)
        xs = sorted(set(x for points in panel["lines"].values() for x, _ in points))
        ax.set_xticks(xs)
        ax.set_xticklabels([str(x) for x in xs])
        ax.set_ylim(bottom=0)
        ax.set_title(panel["title"], fontsize=10)
        ax.set_xlabel(panel["xlabel"])
        ax.set_ylabel(panel["ylabel"])
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(subtitle, fontsize=8)
    fig.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    if path.endswith(".png"):  # a PNG too, for a quick look where no SVG viewer is at hand
        fig.savefig(path, format="png", dpi=110)
    else:
        fig.savefig(path, format="svg", metadata={"Date": None})  # no date: a re-render without new data is no diff
    pyplot.close(fig)
    return path
