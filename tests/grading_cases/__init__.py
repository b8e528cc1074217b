"""Per-chapter answer cells for tests/test_grading.py: one module per chapter, holding
``CHAPTER``, ``MISTAKES`` {grade_id: (source, phrase)} and ``ALTERNATIVES`` {grade_id: source}."""
