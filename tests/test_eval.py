"""`accordi eval`: scoring rules on hand-made pairs, the command on a tiny folder, and floors on corpus/."""

import json

import pytest

from pipeline.evaluate.score import Scores, align_parties, amount_equal, match_records, records_match, score

from conftest import run_cli


def rec(*parties, deal_type="acquisition", amount=None, status="announced", confidence=0.5, duration=None, dates=()):
    ps = []
    for p in parties:
        name, aliases = (p, []) if isinstance(p, str) else (p[0], list(p[1:]))
        ps.append({"name": name, "aliases": aliases, "role": "partner"})
    return {
        "deal_type": deal_type,
        "parties": ps,
        "amount": amount,
        "status": status,
        "confidence": confidence,
        "duration": {"iso": duration} if duration else None,
        "dates": [{"value": d} for d in dates],
    }


def usd(value):
    return {"value": value, "currency": "USD"}


class TestMatching:
    def test_two_shared_parties_needed(self):
        assert records_match(rec("OpenAI", "Microsoft"), rec("Microsoft", "OpenAI"))
        assert not records_match(rec("OpenAI", "Oracle"), rec("OpenAI", "Microsoft"))

    def test_one_shared_party_is_enough_for_a_one_party_record(self):
        assert records_match(rec("Campari"), rec("Campari", "Beam-Suntory"))
        assert records_match(rec("Campari", "Beam"), rec("Campari"))
        assert not records_match(rec("Campari"), rec("Prada"))

    def test_names_fold_and_aliases_count(self):
        assert records_match(rec("Poste Italiane S.p.A.", "TIM"), rec("Poste Italiane", ("Tim", "Telecom Italia")))
        assert records_match(rec("Amazon", "Anthropic"), rec(("Amazon Web Services", "AWS", "Amazon"), "Anthropic"))

    def test_a_stray_alias_cannot_steal_a_party(self):
        pred = rec(("Penhallow", "il gruppo veronese"), "Gruppo Orsanti")
        gold = rec(("Gruppo Orsanti", "il gruppo veronese"), "Penhallow")
        assert len(align_parties(pred["parties"], gold["parties"])) == 2

    def test_matching_is_one_to_one(self):
        preds = [rec("A", "B"), rec("A", "B")]
        golds = [rec("A", "B")]
        assert len(match_records(preds, golds)) == 1

    def test_best_overlap_wins(self):
        preds = [rec("A", "B"), rec("A", "B", "C")]
        golds = [rec("A", "B", "C")]
        assert match_records(preds, golds) == [(1, 0)]

    def test_amounts(self):
        assert amount_equal(usd(38e9), usd(38e9))
        assert amount_equal(usd(38e9), usd(38.05e9))  # rounding in the text
        assert amount_equal(usd(38e9), usd(39e9)) is False
        assert amount_equal({"value": 5e9, "currency": "EUR"}, usd(5e9)) is False


class TestScores:
    def test_record_and_field_counts(self):
        golds = [
            rec("OpenAI", "AWS", amount=usd(38e9), duration="P7Y", dates=["2026-12-31", "2027"]),
            rec("OpenAI", "Oracle", amount=usd(300e9), status="rumored"),
        ]
        preds = [
            rec("OpenAI", "AWS", amount=usd(38e9), duration="P5Y", dates=["2026-12-31"], confidence=0.9),
            rec("OpenAI", "NVIDIA", confidence=0.3),
        ]
        s = score([("000", preds, golds)]).as_dict()
        assert s["records"]["tp"] == 1 and s["records"]["fp"] == 1 and s["records"]["fn"] == 1
        assert s["amount"] == {**s["amount"], "tp": 1, "fp": 0, "fn": 0}
        assert s["duration"]["tp"] == 0 and s["duration"]["fp"] == 1 and s["duration"]["fn"] == 1
        assert s["dates"]["tp"] == 1 and s["dates"]["fn"] == 1
        assert s["rumor_recall"] == 0.0 and s["rumors_gold"] == 1
        assert s["parties"]["tp"] == 2 and s["parties_all_records"]["fp"] == 2 and s["parties_all_records"]["fn"] == 2

    def test_negatives(self):
        s = Scores()
        s.add_article("neg1", [], [])
        s.add_article("neg2", [rec("Ferrari", "Exor")], [])
        d = s.as_dict()
        assert d["negatives"] == 2 and d["negatives_empty"] == 1

    def test_calibration(self):
        s = Scores()
        s.confidences = [(0.9, True)] * 9 + [(0.9, False)] + [(0.2, False)] * 8 + [(0.2, True)] * 2
        assert s.ece() == pytest.approx(0.0)
        assert s.precision_at(0.8) == (0.9, 10)
        s.confidences = [(0.95, False)] * 4
        assert s.ece() == pytest.approx(0.95)

    def test_reliability_bins(self):
        s = Scores()
        s.confidences = [(0.85, True)] * 3 + [(0.81, False)] + [(0.3, False)] * 2 + [(1.0, True)]
        bins = s.as_dict()["reliability"]
        assert [(b["from"], b["records"]) for b in bins] == [(0.3, 2), (0.8, 4), (0.9, 1)]
        assert bins[1]["precision"] == 0.75 and bins[1]["confidence"] == pytest.approx(0.84)
        assert s.ece() == pytest.approx((2 * 0.3 + 4 * 0.09 + 1 * 0.0) / 7)


ARTICLE = "Alfa Spa ha acquisito Beta per 10 milioni di euro. Il titolo Gamma ha chiuso in rialzo."
GOLD = {
    "id": "001",
    "published": "2025-01-10",
    "deals": [
        {
            "deal_type": "acquisition",
            "status": "completed",
            "parties": [
                {"name": "Alfa", "aliases": [], "role": "buyer"},
                {"name": "Beta", "aliases": [], "role": "target"},
            ],
            "amount": {"value": 10000000, "currency": "EUR", "text": "10 milioni di euro"},
            "evidence": ["Alfa Spa ha acquisito Beta per 10 milioni di euro."],
        }
    ],
}


def test_cli_on_a_small_folder(tmp_path):
    (tmp_path / "001.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "001.json").write_text(json.dumps(GOLD), encoding="utf-8")
    (tmp_path / "002.txt").write_text("Il titolo Gamma ha chiuso in rialzo del 2%.", encoding="utf-8")
    (tmp_path / "002.json").write_text(json.dumps({"id": "002", "deals": []}), encoding="utf-8")
    out = run_cli("eval", str(tmp_path), "--json", "--model", "blank")
    assert out.returncode == 0, out.stderr.decode()
    data = json.loads(out.stdout)
    assert data["articles"] == 2 and data["negatives"] == 1
    assert data["records"]["tp"] + data["records"]["fn"] == 1
    table = run_cli("eval", str(tmp_path), "--model", "blank")
    assert table.returncode == 0 and b"records" in table.stdout and b"ECE" in table.stdout


def test_cli_rejects_a_missing_folder(tmp_path):
    out = run_cli("eval", str(tmp_path / "nope"))
    assert out.returncode != 0


@pytest.mark.parametrize(
    "pairs,expected",
    [
        ([], 0.0),
        ([(0.9, True)] * 9 + [(0.9, False)], 0.0),  # 90% sure, 90% right
        ([(1.0, False)], 1.0),  # sure and wrong
        ([(0.25, True), (0.25, False), (0.75, True), (0.75, True)], 0.25),
    ],
)
def test_expected_calibration_error(pairs, expected):
    from pipeline.evaluate.score import expected_calibration_error

    assert expected_calibration_error(pairs) == pytest.approx(expected)
