"""Every graded quiz question, proven through nbgrader: graded like an exam, explained like a quiz.

A question is an answer cell whose grade_id is ``quiz-q<N>`` (``q1 = None  # ...`` and the
solution region) and its test cell ``quiz-q<N>-tests`` (utils/graded.py). The questions are
found in every solution notebook, and in a small synthetic chapter built here (so the
machinery is proven even before the chapters have questions). For each chapter:

* as written: one test cell per question, a visible form check and a hidden hashed check,
  the solution's answer matches the key, every wrong option has its own explanation, and
  the release keeps ``q1 = None`` (no NotImplementedError stub) and neither key nor
  explanation;
* through nbgrader's validator, on the release's answer cells with the gradebook's test
  cells: the solution's answers pass; the blank release fails every question with the form
  message; each "wrong column" (every question set to its k-th wrong option at once) fails
  every question with that option's explanation; what people type ("B", " b ", "1/2")
  passes; no traceback shows a frame from inside utils; and with the release's own test
  cells (what the learner's Validate runs) a wrong option passes like the right one;
* through ``make grade`` (tools/grade.py on a simulated course), for the synthetic chapter
  and the first chapter with questions: a wrong answer's feedback HTML holds its
  explanation, and no key and no line of a hidden test; scores are full / zero.
"""

from __future__ import annotations

import ast
import csv
import re
import subprocess
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from nbgrader.validator import Validator

from conftest import ROOT, SOLUTIONS, chapter_names, notebook_path, read
from feedback_text import feedback_text, hidden_test_lines
from utils import graded
from utils.answers import NumberKey, answer_hash
from utils.grading import simulate
from utils.grading.gradebook import register

HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?^[ \t]*### END HIDDEN TESTS", re.M | re.S)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
SYNTHETIC = "99-quiz-demo"


# --- the questions, as written in a solution notebook ------------------------------------

@dataclass
class Question:
    """One graded question, read from its answer cell and test cell."""

    chapter: str
    name: str  # q1
    kind: str  # "choice" or "number"
    question_id: str
    key: str
    answer: object  # the solution's value
    options: str = ""
    explanations: dict = field(default_factory=dict)
    digits: int = 3
    rtol: float = 0.0
    wrong_values: dict = field(default_factory=dict)
    explanation: str = ""

    @property
    def grade_id(self) -> str:
        return f"quiz-{self.name}"

    def wrong(self) -> list[tuple[object, str]]:
        """(a wrong answer, text its failure must contain), one per wrong option or value."""
        if self.kind == "choice":
            return [(o, " ".join(self.explanations[o].split()))
                    for o in self.options if o != self.answer]
        found = [(value, " ".join(message.split())) for value, message in self.wrong_values.items()]
        far = float(self.answer) * 7.31 + 13.7  # no slip, not close: the explanation
        return found + [(far, " ".join(self.explanation.split()) or "recompute it")]

    def variants(self) -> list[object]:
        """Ways of typing the right answer that must pass."""
        if self.kind == "choice":
            return [self.answer.upper(), f" {self.answer} ", f"{self.answer.upper()}\n"]
        value = float(self.answer)
        typed = [repr(value), f" {value!r} ", value * (1 + self.rtol / 2)]
        fraction = Fraction(value).limit_denominator(1000)
        if NumberKey(self.question_id, self.key, self.digits, self.rtol).matches(float(fraction)):
            typed.append(f"{fraction.numerator}/{fraction.denominator}")
        if value.is_integer():
            typed.append(int(value))
        return typed

    def form_message(self) -> str:
        if self.kind == "choice":
            return f"{self.name} is not answered yet: set it to one of"
        return f"{self.name} is not answered yet: set it to a single number"


def role(cell) -> str:
    meta = cell.metadata.get("nbgrader", {})
    gid = meta.get("grade_id", "")
    if cell.cell_type == "code" and meta.get("solution") and graded.QUESTION_ID.fullmatch(gid):
        return "answer"
    if (cell.cell_type == "code" and meta.get("grade") and not meta.get("solution")
            and gid.endswith("-tests") and graded.QUESTION_ID.fullmatch(gid[:-6])):
        return "test"
    return ""


def calls(source: str) -> dict[str, ast.Call]:
    """The graded.* calls of a test cell, by function name."""
    found = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            fn = node.func
            name = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
            if name in ("choice_answered", "number_answered", "check_choice", "check_number"):
                assert name not in found, f"{name} is called twice"
                found[name] = node
    return found


def argument(call: ast.Call, position: int, keyword: str, default=None):
    for kw in call.keywords:
        if kw.arg == keyword:
            return ast.literal_eval(kw.value)
    if position < len(call.args):
        return ast.literal_eval(call.args[position])
    return default


def solution_value(answer_cell, name: str):
    """The literal the solution region assigns to ``name``."""
    region = answer_cell.source.split("### BEGIN SOLUTION", 1)[1].split("### END SOLUTION", 1)[0]
    values = [ast.literal_eval(node.value) for node in ast.walk(ast.parse(region.strip()))
              if isinstance(node, ast.Assign) and [getattr(t, "id", "") for t in node.targets] == [name]]
    assert len(values) == 1, f"the solution region should assign one literal to {name}"
    return values[0]


def questions_of(chapter: str, nb) -> list[Question]:
    """Every question of a solution notebook (asserting the layout as it goes)."""
    cells = {c.metadata.nbgrader.grade_id: c for c in nb.cells if role(c)}
    found = []
    for gid, cell in cells.items():
        if role(cell) != "answer":
            continue
        name = gid.removeprefix("quiz-")
        test = cells.get(f"{gid}-tests")
        assert test is not None, f"{chapter}: {gid} has no test cell {gid}-tests"
        made = calls(test.source)
        visible = HIDDEN.sub("", test.source)
        if "choice_answered" in made:
            call, check = made["choice_answered"], made.get("check_choice")
            assert check is not None, f"{chapter} {gid}: no graded.check_choice"
            q = Question(chapter, name, "choice", argument(check, 1, "question_id"),
                         argument(check, 2, "key"), solution_value(cell, name),
                         options=argument(call, 2, "options"),
                         explanations=argument(check, 3, "explanations"))
        else:
            call, check = made.get("number_answered"), made.get("check_number")
            assert call is not None and check is not None, \
                f"{chapter} {gid}: needs graded.choice_answered or number_answered and its check"
            q = Question(chapter, name, "number", argument(check, 1, "question_id"),
                         argument(check, 2, "key"), solution_value(cell, name),
                         digits=argument(check, 3, "digits"), rtol=argument(check, 4, "rtol"),
                         wrong_values=argument(check, 5, "wrong_values", {}) or {},
                         explanation=argument(check, 6, "explanation", ""))
        assert ast.literal_eval(call.args[1]) == name and getattr(call.args[0], "id", "") == name, \
            f"{chapter} {gid}: the visible check should be on {name}, named {name!r}"
        assert getattr(check.args[0], "id", "") == name, f"{chapter} {gid}: check {name}"
        assert call.func.attr in visible if isinstance(call.func, ast.Attribute) else True
        assert check.func.attr not in visible, f"{chapter} {gid}: the key check must be hidden"
        found.append(q)
    assert len(found) == len([c for c in cells.values() if role(c) == "test"]), \
        f"{chapter}: a quiz test cell without its answer cell"
    return found


# --- a synthetic chapter: two choices and two numbers -----------------------------------

DEMO_WHY = {"a": "a counts the rows; the question asks for the columns.",
            "c": "c forgets the bias term that every row adds.",
            "d": "d is the gradient with its sign flipped,\n  which points uphill."}
DEMO_TF = {"t": "a symmetric matrix can still have a negative eigenvalue, so it is not always "
                "positive definite."}


def answer_cell(name: str, hint: str, solution: str):
    return new_code_cell(f"{name} = None  # {hint}\n### BEGIN SOLUTION\n{name} = {solution}\n"
                         "### END SOLUTION",
                         metadata={"nbgrader": {"grade": False, "grade_id": f"quiz-{name}",
                                                "locked": False, "schema_version": 3,
                                                "solution": True, "task": False}})


def grade_cell(name: str, doc: str, visible: str, hidden: str, points: int = 1):
    return new_code_cell(f'"""{doc}"""\nfrom utils import graded\n\n{visible}\n'
                         f"### BEGIN HIDDEN TESTS\n{hidden}\n### END HIDDEN TESTS",
                         metadata={"nbgrader": {"grade": True, "grade_id": f"quiz-{name}-tests",
                                                "locked": True, "points": points,
                                                "schema_version": 3, "solution": False,
                                                "task": False}})


def synthetic_chapter() -> nbformat.NotebookNode:
    """A solution notebook with an exercise (keeps its stub) and four graded questions."""
    n = SYNTHETIC[:2]
    cells = [
        new_markdown_cell("# A synthetic chapter\n\nAn exercise, then a graded quiz."),
        new_code_cell("def double(x):\n    \"\"\"Twice x.\"\"\"\n    ### BEGIN SOLUTION\n"
                      "    return 2 * x\n    ### END SOLUTION",
                      metadata={"nbgrader": {"grade": False, "grade_id": "double", "locked": False,
                                             "schema_version": 3, "solution": True, "task": False}}),
        new_code_cell('"""double doubles."""\nassert double(2) == 4, "double(2) should be 4"',
                      metadata={"nbgrader": {"grade": True, "grade_id": "double-tests",
                                             "locked": True, "points": 1, "schema_version": 3,
                                             "solution": False, "task": False}}),
        new_markdown_cell("**Question 1.** How many columns ...? a) 3  b) 4  c) 5  d) -4"),
        answer_cell("q1", '"a", "b", "c" or "d"', '"b"'),
        grade_cell("q1", "Question 1 is answered with one of the options.",
                  'graded.choice_answered(q1, "q1", "abcd")',
                  f'graded.check_choice(q1, "{n}-quiz-q1", "{answer_hash(f"{n}-quiz-q1", "b")}", '
                  f"explanations={DEMO_WHY!r})", points=2),
        new_markdown_cell("**Question 2.** The rate of convergence at κ = 3?"),
        answer_cell("q2", "a number, e.g. 0.25 or 1/4", "0.5"),
        grade_cell("q2", "Question 2 is answered with a number.",
                  'graded.number_answered(q2, "q2")',
                  f'graded.check_number(q2, "{n}-quiz-q2", "{answer_hash(f"{n}-quiz-q2", 0.5, 3)}",'
                  ' digits=3, rtol=0.01,\n                    wrong_values={0.818: "that is the '
                  'rate at κ = 10, not 3."},\n                    explanation="The rate is '
                  '(κ - 1) / (κ + 1).")'),
        new_markdown_cell("**Question 3.** How many parameters? (a whole number)"),
        answer_cell("q3", "a whole number", "12"),
        grade_cell("q3", "Question 3 is answered with a number.",
                  'graded.number_answered(q3, "q3")',
                  f'graded.check_number(q3, "{n}-quiz-q3", "{answer_hash(f"{n}-quiz-q3", 12, 3)}",'
                  ' digits=3, rtol=0,\n                    explanation="Count the weights '
                  'and the biases.")'),
        new_markdown_cell("**Question 4.** Is a symmetric matrix always positive definite?"),
        answer_cell("q4", '"t" (true) or "f" (false)', '"f"'),
        grade_cell("q4", "Question 4 is answered with one of the options.",
                  'graded.choice_answered(q4, "q4", "tf")',
                  f'graded.check_choice(q4, "{n}-quiz-q4", "{answer_hash(f"{n}-quiz-q4", "f")}", '
                  f"explanations={DEMO_TF!r})"),
    ]
    return new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                       "name": "python3"}, "language_info": {"name": "python"}})


def solution_notebooks() -> dict[str, nbformat.NotebookNode]:
    found = {c: read(notebook_path(SOLUTIONS, c)) for c in chapter_names()}
    return {c: nb for c, nb in found.items() if any(role(cell) for cell in nb.cells)}


REAL = solution_notebooks()
SOURCES = {**REAL, SYNTHETIC: synthetic_chapter()}
QUESTIONS = {chapter: questions_of(chapter, nb) for chapter, nb in SOURCES.items()}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A temporary course with every chapter that has questions and the synthetic one,
    released by nbgrader with the project's config: (root, {chapter: release})."""
    root = simulate.course(tmp_path_factory.mktemp("course"), ROOT, sorted(REAL))
    folder = root / "solutions" / SYNTHETIC
    folder.mkdir(parents=True)
    nbformat.write(SOURCES[SYNTHETIC], folder / f"{SYNTHETIC}.ipynb")
    return root, register(root, sorted(SOURCES))


# --- as written --------------------------------------------------------------------------

def test_the_synthetic_chapter_has_every_kind_of_question():
    kinds = [(q.kind, q.options) for q in QUESTIONS[SYNTHETIC]]
    assert kinds == [("choice", "abcd"), ("number", ""), ("number", ""), ("choice", "tf")]


@pytest.mark.parametrize("chapter", sorted(SOURCES))
def test_questions_are_written_as_the_course_says(chapter):
    """Each question: a value answer cell and a locked test cell with points and a docstring,
    a key that the solution's answer matches, an explanation for every wrong option."""
    number = chapter[:2]
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in SOURCES[chapter].cells}
    for q in QUESTIONS[chapter]:
        assert q.question_id == f"{number}-quiz-{q.name}", q.question_id
        answer, test = by_id[q.grade_id], by_id[f"{q.grade_id}-tests"]
        assert re.match(rf"{q.name} = None  # \S", answer.source.split("### BEGIN SOLUTION")[0]
                        .strip().splitlines()[-1]), f"{q.grade_id}: write `{q.name} = None  # ...`"
        meta = test.metadata.nbgrader
        assert meta.get("locked") and meta.get("points", 0) > 0, q.grade_id
        assert re.match(r'"""[^\n]+"""\n', test.source), f"{q.grade_id}: one-line docstring"
        assert not test.source.rstrip().splitlines()[-1].strip().replace(".", "").isdigit()
        if q.kind == "choice":
            assert q.answer in q.options and answer_hash(q.question_id, q.answer) == q.key
            wrong = set(q.options) - {q.answer}
            assert wrong <= set(q.explanations), f"{q.grade_id}: no explanation for " \
                f"{sorted(wrong - set(q.explanations))}"
            assert set(q.explanations) <= set(q.options), q.grade_id
            assert not [o for o, why in q.explanations.items() if o != q.answer and
                        re.search(rf"[\"'(]{q.answer}[\"')]", why)], \
                f"{q.grade_id}: an explanation of a wrong option names the answer"
        else:
            key = NumberKey(q.question_id, q.key, q.digits, q.rtol)  # refuses a bad rtol
            assert key.matches(float(q.answer)), f"{q.grade_id}: the key is not the answer"
            assert q.explanation.strip(), f"{q.grade_id}: explanation= for a wrong number"
            assert not [v for v in q.wrong_values if key.matches(v)], q.grade_id


@pytest.mark.parametrize("chapter", sorted(SOURCES))
def test_release_keeps_the_unanswered_line_and_hides_key_and_explanations(course, chapter):
    _, releases = course
    release = releases[chapter]
    text = nbformat.writes(release)
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in release.cells}
    for q in QUESTIONS[chapter]:
        source = by_id[q.grade_id].source
        assert re.fullmatch(rf"(#[^\n]*\n)*{q.name} = None  # [^\n]+", source), source
        assert q.key not in text
        for explanation in [*q.explanations.values(), *q.wrong_values.values(), q.explanation]:
            assert " ".join(explanation.split())[:40] not in " ".join(text.split()) or not explanation
    if chapter == SYNTHETIC:  # an exercise keeps nbgrader's stub
        assert "raise NotImplementedError()" in by_id["double"].source


# --- through nbgrader's validator ------------------------------------------------------------

def submissions(chapter: str) -> dict[str, dict[str, object]]:
    """label -> {question name: the value typed} (None: the release's blank answer cell)."""
    qs = QUESTIONS[chapter]
    subs = {"solution": {q.name: q.answer for q in qs},
            "blank": {q.name: None for q in qs}}
    for k in range(max(len(q.wrong()) for q in qs)):
        subs[f"wrong-{k}"] = {q.name: q.wrong()[k][0] if k < len(q.wrong()) else q.answer
                              for q in qs}
    for k in range(max(len(q.variants()) for q in qs)):
        subs[f"typed-{k}"] = {q.name: q.variants()[k % len(q.variants())] for q in qs}
    for k in range(max(len(q.wrong()) for q in qs)):  # the learner's own Validate
        subs[f"released-wrong-{k}"] = subs[f"wrong-{k}"]
    return subs


def combined(chapter: str, release) -> nbformat.NotebookNode:
    """One notebook holding every submission in turn: the release's answer cells (filled in)
    and the solution's test cells (with hidden tests, as the gradebook restores them), each
    test cell labelled with its submission in a first comment line. The ``released-*``
    submissions run the release's own test cells (hidden tests removed), as the learner's
    Validate button does."""
    solution = {c.metadata.nbgrader.grade_id: c for c in SOURCES[chapter].cells if role(c)}
    released = {c.metadata.nbgrader.grade_id: c for c in release.cells if role(c)}
    cells = []
    for label, typed in submissions(chapter).items():
        for q in QUESTIONS[chapter]:
            source = (released[q.grade_id].source if typed[q.name] is None
                      else f"{q.name} = {typed[q.name]!r}")
            meta = released[q.grade_id].metadata
            meta = {**meta, "nbgrader": {**meta.nbgrader, "grade_id": f"{q.grade_id}-{label}"}}
            cells.append(new_code_cell(source, metadata=meta))
            test = (released if label.startswith("released-") else solution)[f"{q.grade_id}-tests"]
            meta = {"nbgrader": {k: v for k, v in test.metadata.nbgrader.items() if k != "checksum"}}
            meta["nbgrader"]["grade_id"] = f"{q.grade_id}-tests-{label}"  # (source is labelled)
            cells.append(new_code_cell(f"# {label}\n{test.source}", metadata=meta))
    return new_notebook(cells=cells, metadata=dict(release.metadata))


@pytest.fixture(scope="module")
def validated(course, tmp_path_factory):
    """chapter -> {(label, question name): raw error} of the failing test cells."""
    _, releases = course
    folder = tmp_path_factory.mktemp("validate")
    results = {}
    for chapter in sorted(SOURCES):
        path = folder / f"{chapter}.ipynb"
        nbformat.write(combined(chapter, releases[chapter]), path)
        outcome = Validator().validate(str(path))
        assert set(outcome) <= {"failed"}, outcome
        results[chapter] = {}
        for r in outcome.get("failed", []):
            label, rest = r["source"].split("\n", 1)
            name = re.search(r"graded\.\w+_answered\((\w+),", rest)[1]
            results[chapter][label.removeprefix("# "), name] = ANSI.sub("", r["raw_error"])
    return results


@pytest.mark.parametrize("chapter", sorted(SOURCES))
def test_solution_answers_and_what_people_type_pass(validated, chapter):
    passing = [label for label in submissions(chapter) if label == "solution" or
               label.startswith("typed-")]
    failed = {key: error for key, error in validated[chapter].items() if key[0] in passing}
    assert not failed, failed


@pytest.mark.parametrize("chapter", sorted(SOURCES))
def test_the_learners_own_tests_never_tell_right_from_wrong(validated, chapter):
    """In the release, a wrong option passes the visible check just as the right one does:
    re-running the test cell cannot find the key."""
    failed = {key: error for key, error in validated[chapter].items()
              if key[0].startswith("released-")}
    assert not failed, failed
    assert {label for label in submissions(chapter) if label.startswith("released-")}


@pytest.mark.parametrize("chapter", sorted(SOURCES))
def test_blank_release_fails_every_question_with_the_form_message(validated, chapter):
    for q in QUESTIONS[chapter]:
        error = validated[chapter].get(("blank", q.name))
        assert error is not None, f"{q.name}: the blank answer passed"
        assert f"AssertionError: {q.form_message()}" in error, error


@pytest.mark.parametrize("chapter", sorted(SOURCES))
def test_every_wrong_answer_fails_with_its_explanation(validated, chapter):
    for q in QUESTIONS[chapter]:
        for k, (value, explanation) in enumerate(q.wrong()):
            error = validated[chapter].get((f"wrong-{k}", q.name))
            assert error is not None, f"{q.name} = {value!r} passed"
            last = error.strip().splitlines()[-1]
            assert last.startswith("AssertionError: ") and "is not the answer: " in last, last
            assert explanation in last, (explanation, last)
            assert q.key not in last


@pytest.mark.parametrize("chapter", sorted(SOURCES))
def test_no_traceback_shows_a_frame_inside_utils(validated, chapter):
    for key, error in validated[chapter].items():
        assert "utils/" not in error and "site-packages" not in error, (key, error)


# --- through make grade: the feedback ---------------------------------------------------------

FEEDBACK_CHAPTERS = [SYNTHETIC, *sorted(REAL)[:1]]


@pytest.fixture(scope="module")
def graded_course(course):
    """tools/grade.py on the course, three students: right, wrong (column 0), blank."""
    root, releases = course
    for chapter in FEEDBACK_CHAPTERS:
        subs = submissions(chapter)
        for student, label in (("right", "solution"), ("wrong", "wrong-0")):
            typed = {f"quiz-{n}": f"{n} = {v!r}" for n, v in subs[label].items()}
            simulate.submit(root, student, chapter, simulate.answered(releases[chapter], typed))
        simulate.submit(root, "blank", chapter, releases[chapter])
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), "--root", str(root)],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    return root


def quiz_scores(root: Path, chapter: str, student: str) -> tuple[float, float]:
    """(score, max score) of a student's chapter in make grade's grades.csv."""
    with open(root / "grades.csv", encoding="utf-8") as file:
        row = next(r for r in csv.DictReader(file)
                   if r["student_id"] == student and r["assignment"] == chapter)
    return float(row["score"]), float(row["max_score"])


@pytest.mark.parametrize("chapter", FEEDBACK_CHAPTERS)
def test_feedback_of_a_wrong_answer_explains_it_and_hides_key_and_tests(graded_course, chapter):
    html = (graded_course / "feedback" / "wrong" / chapter / f"{chapter}.html").read_text("utf-8")
    text = feedback_text(graded_course / "feedback" / "wrong" / chapter / f"{chapter}.html")
    hidden = hidden_test_lines(SOURCES[chapter])
    for q in QUESTIONS[chapter]:
        assert q.wrong()[0][1] in text, (q.name, q.wrong()[0][1])
        assert q.key not in html
    assert hidden and not [line for line in hidden if line in text]
    assert "BEGIN HIDDEN TESTS" not in html and "check_choice" not in html
    assert "check_number" not in html


def test_make_grade_scores_the_synthetic_chapter(graded_course):
    points = sum(c.metadata.nbgrader.get("points", 0) for c in SOURCES[SYNTHETIC].cells
                 if c.metadata.get("nbgrader", {}).get("grade"))
    quiz_points = points - 1  # the exercise double is left blank by every student
    assert quiz_scores(graded_course, SYNTHETIC, "right") == (quiz_points, points)
    assert quiz_scores(graded_course, SYNTHETIC, "wrong") == (0, points)
    assert quiz_scores(graded_course, SYNTHETIC, "blank") == (0, points)
    feedback = feedback_text(graded_course / "feedback" / "blank" / SYNTHETIC / f"{SYNTHETIC}.html")
    for q in QUESTIONS[SYNTHETIC]:
        assert q.form_message() in feedback
