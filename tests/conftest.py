import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED_EVAL = ROOT.parent / "shared" / "eval"
# A deal word no shipped rule knows: a user's deals.jsonl row for the tests of user rules.
WORD = {
    "id": "fagocitare",
    "deal_type": "acquisition",
    "surface": "fagocit(a|ano|are|ato|ata|erà)",
    "strength": 0.9,
    "roles": {"subj": "buyer", "obj": "target", "passive": {"subj": "target", "da": "buyer"}},
}


@pytest.fixture(scope="session")
def blank_extractor():
    from pipeline import Extractor

    return Extractor("blank")


@pytest.fixture(scope="session")
def extractor():
    """The default pipeline, as a user gets it (embedded model when shipped)."""
    from pipeline import Extractor

    return Extractor()


def run_cli(*args, input=None, timeout=300):
    """The installed console script's entry point, in a fresh process."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-c", "from pipeline.cli import app; app(prog_name='accordi')", *args],
        input=input,
        capture_output=True,
        timeout=timeout,
        env=env,
    )
