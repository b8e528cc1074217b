"""Grading beyond one process: the route for classes beyond one machine (a PostgreSQL
gradebook, one grading job per machine, JOBS=2 on each) works against a real PostgreSQL
server from Debian's packages. (That JOBS=2 grades and flags like JOBS=1 is proven on the
simulated class, in tests/test_grade_class.py.)

The PostgreSQL tests start their own server (initdb in a temporary folder, a free port)
and stop it; they are skipped, saying why, where PostgreSQL or its driver is absent.
(`.ci/run` installs Debian's postgresql, so CI always runs them.) Speed is measured by
`make bench`, not here.
"""

from __future__ import annotations

import csv
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import CHAPTERS, ROOT, SOLUTIONS, hand_graded, notebook_path, read
from utils.grading import simulate

pytestmark = pytest.mark.grading

SQLITE_URL = 'c.CourseDirectory.db_url = "sqlite:///" + os.path.join(here, "gradebook.db")'

# --- PostgreSQL --------------------------------------------------------------------------


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres():
    """A PostgreSQL server of our own, for this module: yields a function making databases."""
    bin_dir = _postgres_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (Debian: apt-get install postgresql; .ci/run does it)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("the psycopg driver is not installed (pip install -e '.[test]')")
    as_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="pg-gradebook-"))
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: run it as `postgres`
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no postgres user to run the server as")
        os.chown(folder, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", _free_port()

    def run(*command: str) -> None:
        subprocess.run([*as_user, *command], check=True, capture_output=True, text=True, timeout=120)

    run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-w",
        "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1", "start")

    def database(name: str) -> str:
        run(str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", name)
        return f"postgresql://postgres@127.0.0.1:{port}/{name}"

    try:
        yield database
    finally:
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                       capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


def on_postgres(root: Path, db_url: str) -> Path:
    config = root / "nbgrader_config.py"
    text = config.read_text(encoding="utf-8")
    assert SQLITE_URL in text
    # nbgrader never creates the course '' (the default id) and PostgreSQL enforces the
    # foreign key that SQLite does not: a course id is needed there.
    config.write_text(text.replace(SQLITE_URL, f"c.CourseDirectory.db_url = {db_url!r}\n"
                                   'c.CourseDirectory.course_id = "math-for-ml"'), encoding="utf-8")
    return root


def class_of_two(root: Path, chapter: str) -> None:
    release = read(notebook_path(CHAPTERS, chapter))
    answers = simulate.solution_answers(read(notebook_path(SOLUTIONS, chapter)))
    simulate.submit(root, "ada", chapter, simulate.answered(release, answers))
    simulate.submit(root, "blank", chapter, release)


def test_one_grading_job_per_machine_on_a_postgresql_gradebook(postgres, tmp_path):
    """Two 'machines' (course folders) grade one chapter each, at the same time, JOBS=2,
    into one PostgreSQL gradebook; nbgrader's export on either lists both chapters."""
    db_url = postgres("math_for_ml")
    machines = {"00-start-here": tmp_path / "machine-a", "01-vectors": tmp_path / "machine-b"}
    for chapter, root in machines.items():
        on_postgres(simulate.course(root, ROOT, list(machines), timeout=30, gradebook=False), db_url)
        class_of_two(root, chapter)
    for command in (["db", "student", "add", "ada"], ["db", "student", "add", "blank"]):
        # once, before the machines start: the roster (the first command makes the tables)
        subprocess.run([sys.executable, "-m", "nbgrader", *command], cwd=tmp_path / "machine-a",
                       check=True, capture_output=True, timeout=300)
    jobs = [subprocess.Popen([sys.executable, str(ROOT / "tools" / "grade.py"), "--root", str(root),
                              "--chapter", chapter, "--jobs", "2"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for chapter, root in machines.items()]
    summaries = []
    for job in jobs:
        out, err = job.communicate(timeout=1200)
        assert job.returncode == 0, err[-3000:]
        summaries.append(out + err[-2000:])
    assert not (tmp_path / "machine-a" / "gradebook.db").exists()
    export = subprocess.run([sys.executable, "-m", "nbgrader", "export", "--to", "all.csv"],
                            cwd=tmp_path / "machine-a", capture_output=True, text=True, timeout=300)
    assert export.returncode == 0, export.stderr[-2000:]
    with open(tmp_path / "machine-a" / "all.csv", encoding="utf-8") as file:
        rows = {(r["student_id"], r["assignment"]): r for r in csv.DictReader(file)}
    for chapter in machines:
        ada, blank = rows["ada", chapter], rows["blank", chapter]
        by_hand = sum(hand_graded(chapter).values())  # the written answer waits for the instructor
        assert float(ada["score"]) == float(ada["max_score"]) - by_hand > 0, (chapter, summaries)
        assert float(blank["score"]) == 0
