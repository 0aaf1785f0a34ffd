"""One kernel for many runs of a parameterised notebook: shared cells once, the rest per run.

A batch worker runs the party notebook for party after party through papermill as usual
(parameters injected, metadata, error banners, the executed .ipynb), but in the kernel it
started for the first party. The cells `shared_cells` finds (imports, data, the year's
allocation) run only in that first run; later runs get their outputs copied and execute the
parameter cells and the per-party cells. Before each later run the names the previous party's
cells left behind are removed, so every run sees what a fresh kernel would.
"""

from __future__ import annotations

import copy
import time
from pathlib import Path

import nbformat
from nbclient.exceptions import CellExecutionError
from nbclient.util import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger
from papermill.utils import merge_kwargs, remove_args

from gns_lib.report.shared_cells import shared_cells

ENGINE = "gns-varm"
_KEEP = "_gns_behall"  # the kernel's names once the shared cells have run (never removed)
_SNAPSHOT = f"{_KEEP} = frozenset(globals()) | {{{_KEEP!r}}}"
_RESET = f"[globals().pop(_gns_namn) for _gns_namn in set(globals()) - {_KEEP}]"
SAVE_EVERY = 1.0  # seconds: a party killed by the notebook time limit keeps the outputs saved up to then


class WarmKernel:
    """A started kernel, its client, and the outputs of the notebook's shared cells in it."""

    def __init__(self, input_path: Path, varying, kernel_manager_class, kernel_name: str) -> None:
        try:
            cells = nbformat.read(str(input_path), as_version=4).cells
        except Exception:  # noqa: BLE001 - papermill reports an unreadable notebook; nothing is shared
            cells = []
        self.shared = shared_cells(cells, varying)  # indices in the input notebook
        self.params = next((i for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", [])), -1)
        self.km = kernel_manager_class(kernel_name=kernel_name)
        self.kc = None
        self.outputs: dict[int, tuple] = {}  # input index -> outputs of the shared cell's one run
        self.ready = False  # every shared cell ran without error and the kept names are recorded

    def close(self) -> None:
        """Stop the client and shut the kernel down (the parent kills it if this hangs)."""
        try:
            if self.kc is not None:
                self.kc.stop_channels()
            if self.km.has_kernel:
                run_sync(self.km.shutdown_kernel)(now=True)
            run_sync(self.km.cleanup_resources)()
        except Exception:  # noqa: BLE001 - the worker exits next; its process group is killed anyway
            pass
        self.kc = None


class WarmClient(PapermillNotebookClient):
    """papermill's client on a kernel that stays up: skips shared cells that already ran."""

    def __init__(self, nb_man, warm: WarmKernel, **kw) -> None:
        super().__init__(nb_man, km=warm.km, **kw)
        self.kc = warm.kc
        self.warm = warm

    def papermill_execute_cells(self) -> None:
        """papermill's loop, with the shared cells' outputs copied once they ran in this kernel."""
        warm = self.warm
        if warm.ready:
            self._quietly(_RESET)
        # papermill saves the whole notebook before and after every cell: for a party's short run most of
        # its time. Here a save within SAVE_EVERY seconds of the last is skipped; papermill still saves
        # when the run starts and when it ends (on a failure too).
        save, last = self.nb_man.save, [time.monotonic()]

        def save_now_and_then(**kwargs) -> None:
            if time.monotonic() - last[0] >= SAVE_EVERY:
                save(**kwargs)
                last[0] = time.monotonic()

        self.nb_man.save = save_now_and_then
        try:
            self._execute_cells(warm)
        finally:
            self.nb_man.save = save

    def _execute_cells(self, warm: WarmKernel) -> None:
        injected, count = 0, 0
        for index, cell in enumerate(self.nb.cells):
            if "injected-parameters" in cell.metadata.get("tags", []):
                injected += 1
                source = None
            else:
                source = index - injected
            runs = cell.cell_type == "code" and bool(cell.source.strip())  # as nbclient decides
            count += runs
            try:
                self.nb_man.cell_start(cell, index)
                if source in warm.shared and warm.ready:
                    cell.outputs = copy.deepcopy(list(warm.outputs[source]))
                    cell.execution_count = count
                    continue
                if runs and not warm.ready and source is not None and source > max(warm.shared, default=warm.params):
                    self._quietly(_SNAPSHOT)  # every shared cell has run: what exists now is kept
                    warm.ready = True
                self.execute_cell(cell, index, execution_count=count if runs else None)
                if source in warm.shared:
                    warm.outputs[source] = tuple(copy.deepcopy(cell.outputs))
            except CellExecutionError as ex:
                self.nb_man.cell_exception(self.nb.cells[index], cell_index=index, exception=ex)
                break
            finally:
                self.nb_man.cell_complete(self.nb.cells[index], cell_index=index)

    def _quietly(self, code: str) -> None:
        """Run our own bookkeeping code in the kernel: no output, no history, no prompt number."""
        reply = self.wait_for_reply(self.kc.execute(code, silent=True, store_history=False))
        if reply is None or reply["content"].get("status") != "ok":
            raise RuntimeError(f"kärnan kunde inte förberedas för nästa körning: {code}")


class WarmEngine(NBClientEngine):
    """papermill's nbclient engine on a `WarmKernel` (passed as the `warm` engine argument)."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                 start_timeout=60, execution_timeout=None, warm=None, **kwargs):
        kwargs = remove_args(["input_path", "kernel_manager_class"], **kwargs)
        safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
        final_kwargs = merge_kwargs(
            safe_kwargs,
            timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
        )
        client = WarmClient(nb_man, warm, **final_kwargs)
        try:
            return client.execute()
        finally:
            warm.kc = client.kc  # started by the first run, reused by the next


papermill_engines.register(ENGINE, WarmEngine)
