"""Page-state JSON: Nuxt 3's devalue encoding is rebuilt before it is searched for offers."""

from __future__ import annotations

from crawler.extract.structured import unflatten_devalue


def test_devalue_nested_values_wrappers_and_special_types() -> None:
    flat = [
        {"items": 1, "when": 4, "tags": 5, "meta": 7, "missing": -1},
        ["Reactive", 2],
        [3],
        {"name": 6},
        ["Date", "2026-11-25T10:00:00.000Z"],
        ["Set", 6],
        "Kayak",
        ["Map", 6, 8],
        12,
    ]
    assert unflatten_devalue(flat) == {
        "items": [{"name": "Kayak"}],
        "when": "2026-11-25T10:00:00.000Z",
        "tags": ["Kayak"],
        "meta": {"Kayak": 12},
        "missing": None,
    }


def test_devalue_cycles_and_bad_indices_do_not_loop() -> None:
    flat = [{"self": 0, "out_of_range": 99, "text": 1, "flag": True}, "x"]
    result = unflatten_devalue(flat)
    assert result["self"] is result and result["out_of_range"] is None
    assert result["text"] == "x" and result["flag"] is None
    assert unflatten_devalue({"plain": "json"}) == {"plain": "json"}
