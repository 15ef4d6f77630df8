"""The callback polystack.cloud.progress (plugins/callback/progress.py): a line per async poll that carries progress
(module_utils/_progress.py writes it; tests/unit/plugins/module_utils/test_progress.py), and the transfer line."""

from ansible_collections.polystack.cloud.plugins.callback import progress as callback

MiB = 1024 * 1024


def test_progress_lines():
    line = callback.progress_line(
        "localhost",
        {"label": "img-1", "phase": "upload", "unit": "bytes", "done": 312 * MiB, "total": 1024 * MiB,
         "percent": 30.5, "per_second": 104 * MiB, "seconds": 3.0},
    )  # fmt: skip
    assert line == "progress: [localhost] img-1 upload 312.0 MiB of 1.0 GiB (30.5%), 104.0 MiB/s, 3.0 s"
    line = callback.progress_line(
        "h1",
        {"label": "web-1", "phase": "wait", "unit": "seconds", "done": 12.04, "total": 180, "status": "BUILD",
         "want": "ACTIVE"},
    )  # fmt: skip
    assert line == "progress: [h1] web-1 BUILD, waited 12.0 s of 180 s for ACTIVE"
    assert callback.progress_line("h", None) is None and callback.progress_line("h", {"x": 1}) is None
    assert callback.human_bytes(512) == "512 B" and callback.human_bytes(1536) == "1.5 KiB"
    assert callback.transfer_line("h", {"bytes": MiB, "seconds": 0.5, "bytes_per_second": 2 * MiB}) == (
        "transfer: [h] 1.0 MiB in 0.5 s, 2.0 MiB/s"
    )


class Host:
    def get_name(self):
        return "localhost"


class Result:
    def __init__(self, result):
        self.result = result
        self.host = Host()


class Display:
    verbosity = 0

    def __init__(self):
        self.lines = []

    def display(self, msg, **kw):
        self.lines.append(msg)


def test_the_callback_prints_a_line_per_poll_with_progress_and_nothing_else():
    cb = callback.CallbackModule(display=Display())
    # (the options' defaults come from the plugin loader: the devcloud test loads it through callbacks_enabled)
    cb._plugin_options = {"show_transfers": True}
    cb.v2_runner_on_async_poll(Result({"started": True, "finished": False}))  # another module's job
    cb.v2_runner_on_async_poll(
        Result({"started": True, "finished": False, "progress": {"label": "c/o", "unit": "bytes", "done": MiB}})
    )
    cb.v2_runner_retry(Result({"progress": {"label": "web-1", "unit": "seconds", "done": 3, "status": "BUILD"}}))
    cb.v2_runner_on_ok(Result({"changed": True, "transfer": {"bytes": MiB, "seconds": 1.0, "bytes_per_second": MiB}}))
    cb.v2_runner_on_ok(Result({"changed": False}))
    assert cb._display.lines == [
        "progress: [localhost] c/o transfer 1.0 MiB",
        "progress: [localhost] web-1 BUILD, waited 3.0 s",
        "transfer: [localhost] 1.0 MiB in 1.0 s, 1.0 MiB/s",
    ]
    cb._plugin_options = {"show_transfers": False}
    cb.v2_runner_item_on_ok(Result({"transfer": {"bytes": 1, "seconds": 1.0, "bytes_per_second": 1}}))
    assert len(cb._display.lines) == 3
