"""The right answer of every quiz in the notebooks, one module per chapter.

Each module defines ``ANSWERS = {quiz_id: answer}``: an option key for multiple choice and
predict-then-observe quizzes, a number (computed here with NumPy, not typed in) for
numeric quizzes. tests/test_quizzes.py proves every quiz in every notebook against it.
"""
