"""The benchmark targets, one module each; a new target is one more file here.

A target module defines:
    NAME       its name on the command line (--only) and in results.json
    ORDER      where it runs and is reported, ascending
    run(h)     measure with the harness h (harness.runner.Harness), recording into h.results["targets"][NAME]
    summarize(t)          medians and ratios from its recorded runs t (results.json's targets[NAME])
    markdown(s, measured) its RESULTS.md section (a list of lines) from that summary; `measured` is the
                          "(measured <date>, N runs, Ns)" suffix for its heading
and may define series(s): the curves it adds to benchmarks/results.svg (harness.chart).
Targets import from harness, never from each other or from bench.py; harness never imports them.
"""

import importlib
import pkgutil


def discover():
    """{name: module} in their ORDER."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(__name__ + "." + info.name)
        if hasattr(module, "NAME") and hasattr(module, "run"):
            found.append(module)
    return dict((m.NAME, m) for m in sorted(found, key=lambda m: m.ORDER))
