"""`import utils` is light and has no side effects (the speed is measured by `make bench`)."""

import json
import subprocess
import sys

PROBE = """
import json, os, sys
before = set(os.listdir('.'))
import utils
print(json.dumps({"modules": sorted(m for m in sys.modules
                                     if m.split('.')[0] in ('torch', 'matplotlib', 'ipywidgets'))
                  , "new_files": sorted(set(os.listdir('.')) - before)}))
"""


def test_import_utils_loads_nothing_heavy_and_writes_nothing(tmp_path):
    """Importing the package imports no torch, matplotlib or ipywidgets, prints and writes nothing."""
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True,
                          text=True, check=True)
    report = json.loads(done.stdout)
    assert report == {"modules": [], "new_files": []}
    assert done.stderr == ""


def test_helper_modules_do_not_import_torch(tmp_path):
    """No helper module of chapters 00-01 pulls in torch."""
    code = ("import sys; import utils.quiz, utils.check, utils.explore, utils.plots, utils.toys, "
            "utils.exercises.start_here, utils.exercises.vectors; "
            "print('torch' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "False"
