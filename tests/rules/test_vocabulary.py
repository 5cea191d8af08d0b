"""The rules vocabulary: strict parsing with messages that name the path, and round trips."""

import copy

import pytest

from rules import CATALOGUE, RuleProblem, Rules, RulesError, catalogue_rules


def _ccm() -> dict:
    return copy.deepcopy(CATALOGUE["ccm"]["rules"])


def _errors(data) -> list[str]:
    with pytest.raises(RulesError) as caught:
        Rules.from_dict(data)
    return caught.value.messages


@pytest.mark.parametrize("slug", sorted(CATALOGUE))
def test_every_catalogue_treaty_has_valid_rules(slug):
    assert isinstance(catalogue_rules(slug), Rules)


@pytest.mark.parametrize("slug", sorted(CATALOGUE))
def test_rules_round_trip_through_json(slug):
    rules = catalogue_rules(slug)
    assert Rules.from_dict(rules.to_dict()) == rules
    # The canonical form is a fixed point: what the database stores is stable.
    assert Rules.from_dict(rules.to_dict()).to_dict() == rules.to_dict()


def test_the_catalogue_has_the_thirteen_treaties_of_the_spec():
    assert {
        "ccm",
        "apmbc",
        "rome-statute",
        "paris-agreement",
        "att",
        "tpnw",
        "cwc",
        "npt",
        "ctbt",
        "north-atlantic-treaty",
        "echr",
        "unclos",
        "kyoto-protocol",
    } <= set(CATALOGUE)


@pytest.mark.parametrize("slug", sorted(CATALOGUE))
def test_catalogue_entries_carry_identity_and_source(slug):
    entry = CATALOGUE[slug]
    assert entry["slug"] == slug
    for key in ("short_name", "title", "source_url"):
        assert entry[key], key
    assert {"un_reference", "adopted_on", "adopted_at", "depositary", "rules"} <= entry.keys()


@pytest.mark.parametrize("slug", sorted(set(CATALOGUE) - {"unfccc"}))
def test_the_demo_treaties_name_their_depositary_and_place_of_adoption(slug):
    assert CATALOGUE[slug]["depositary"]
    assert CATALOGUE[slug]["adopted_at"]


@pytest.mark.parametrize("count", [0, -3, "30", 2.5, True, None])
def test_a_threshold_count_must_be_a_positive_integer(count):
    data = _ccm()
    data["entry_into_force"]["threshold"]["count"] = count
    assert "entry_into_force.threshold.count must be a positive integer" in _errors(data)


def test_every_problem_is_reported_at_once():
    data = _ccm()
    data["entry_into_force"]["threshold"]["count"] = 0
    data["later_states"]["applies_after"] = "signature"
    data["withdrawal"]["allowed"] = "yes"
    messages = _errors(data)
    assert len(messages) == 3
    assert 'later_states.applies_after must be one of "threshold", "entry_into_force"' in messages
    assert "withdrawal.allowed must be true or false" in messages


def test_each_problem_carries_its_path_apart_from_its_message():
    data = _ccm()
    data["withdrawal"]["period"] = [{"add": {"months": 0}}]
    data["later_states"]["applies_after"] = "signature"

    with pytest.raises(RulesError) as caught:
        Rules.from_dict(data)

    problems = caught.value.problems
    assert RuleProblem("withdrawal.period[0].add.months", "must be a positive integer") in problems
    assert [p.path for p in problems] == [
        "later_states.applies_after",
        "withdrawal.period[0].add.months",
    ]
    # The joined forms are what callers had before problems existed.
    assert caught.value.messages == [f"{p.path} {p.message}" for p in problems]
    assert str(caught.value) == "; ".join(caught.value.messages)


def test_unknown_keys_are_refused_so_typos_do_not_pass_silently():
    data = _ccm()
    data["withdrawal"]["armed_confict"] = "suspends"
    assert "withdrawal.armed_confict is not a known key" in _errors(data)


def test_a_threshold_needs_either_a_count_or_a_condition():
    data = _ccm()
    data["entry_into_force"]["threshold"] = {"kinds": ["ratification"]}
    assert any("either" in m for m in _errors(data))


def test_a_counted_threshold_cannot_also_carry_a_recorded_date():
    data = _ccm()
    data["entry_into_force"]["threshold"]["recorded_date"] = "2010-02-16"
    assert 'entry_into_force.threshold.recorded_date cannot be combined with "count"' in _errors(
        data
    )


def test_threshold_kinds_must_be_consent_kinds():
    data = _ccm()
    data["entry_into_force"]["threshold"]["kinds"] = ["ratification", "signature"]
    messages = _errors(data)
    assert messages[0].startswith("entry_into_force.threshold.kinds[1] must be one of")
    assert "'signature'" in messages[0]


@pytest.mark.parametrize("kind", [["ratification"], {"kind": "ratification"}, 1])
def test_a_kind_that_is_not_a_string_is_refused_not_raised(kind):
    data = _ccm()
    data["entry_into_force"]["threshold"]["kinds"] = ["ratification", kind]
    messages = _errors(data)
    assert messages[0].startswith("entry_into_force.threshold.kinds[1] must be one of")


def test_dates_must_be_iso():
    data = _ccm()
    data["entry_into_force"]["not_before"] = "13/01/1995"
    assert "entry_into_force.not_before must be a date written YYYY-MM-DD or null" in _errors(data)


def test_a_step_must_name_exactly_one_operation():
    data = _ccm()
    data["later_states"]["period"] = [
        {"add": {"days": 1}, "first_day_of_month": {"months_after": 1}}
    ]
    assert 'later_states.period[0] must have exactly one of "add" or "first_day_of_month"' in (
        _errors(data)
    )


def test_a_step_unit_must_be_days_months_or_years():
    data = _ccm()
    data["withdrawal"]["period"] = [{"add": {"weeks": 26}}]
    assert 'withdrawal.period[0].add.weeks is not a unit: use "days", "months" or "years"' in (
        _errors(data)
    )


def test_a_step_amount_must_be_positive():
    data = _ccm()
    data["later_states"]["period"] = [{"first_day_of_month": {"months_after": 0}}]
    assert "later_states.period[0].first_day_of_month.months_after must be a positive integer" in (
        _errors(data)
    )


def test_an_allowed_withdrawal_needs_a_period():
    data = _ccm()
    del data["withdrawal"]["period"]
    assert "withdrawal.period is required when withdrawal is allowed" in _errors(data)


def test_a_treaty_without_a_withdrawal_clause_needs_no_period():
    data = _ccm()
    data["withdrawal"] = {"allowed": False}
    assert Rules.from_dict(data).withdrawal.allowed is False


def test_minimum_membership_fields_are_checked():
    data = _ccm()
    data["withdrawal"]["minimum_membership"] = {"amount": 3, "unit": "decades", "from": "deposit"}
    messages = _errors(data)
    assert any(m.startswith("withdrawal.minimum_membership.unit must be one of") for m in messages)
    assert any(m.startswith("withdrawal.minimum_membership.from must be one of") for m in messages)


def test_armed_conflict_must_be_a_known_clause():
    data = _ccm()
    data["withdrawal"]["armed_conflict"] = "ignores"
    assert any(m.startswith("withdrawal.armed_conflict must be one of") for m in _errors(data))


@pytest.mark.parametrize("data", [None, [], "rules", 3])
def test_the_document_must_be_an_object(data):
    assert _errors(data) == ["rules must be an object"]


def test_missing_sections_are_named():
    assert _errors({}) == [
        "rules.entry_into_force is required",
        "rules.later_states is required",
        "rules.withdrawal is required",
    ]


def test_optional_keys_take_documented_defaults():
    rules = Rules.from_dict(
        {
            "entry_into_force": {
                "threshold": {"count": 10, "kinds": ["ratification"]},
                "period": [],
            },
            "later_states": {"period": []},
            "withdrawal": {"allowed": True, "period": [{"add": {"months": 6}}]},
        }
    )
    assert rules.later_states.applies_after == "threshold"
    assert rules.later_states.not_before_treaty_entry_into_force is True
    assert rules.withdrawal.later_date_may_be_specified is False
    assert rules.withdrawal.armed_conflict is None


def test_steps_are_explained_in_words():
    rules = catalogue_rules("ccm")
    assert rules.later_states.period[0].describe() == (
        "first day of the sixth month after the date of deposit"
    )
    generic = Rules.from_dict(
        {
            "entry_into_force": {
                "threshold": {"count": 1, "kinds": ["ratification"]},
                "period": [],
            },
            "later_states": {"period": [{"first_day_of_month": {"months_after": 6}}]},
            "withdrawal": {"allowed": True, "period": [{"add": {"years": 1}}]},
        }
    )
    assert generic.later_states.period[0].describe() == "first day of the sixth month after"
    assert generic.withdrawal.period[0].describe() == "1 year after"


def test_a_counted_threshold_describes_its_instrument_in_words():
    assert catalogue_rules("ccm").entry_into_force.threshold.describe_count() == "30th instrument"


def test_the_ctbt_names_the_states_its_entry_into_force_waits_for():
    required = catalogue_rules("ctbt").entry_into_force.required_states
    assert required is not None and required.provision == "Annex 2 (art. XIV(1))"
    assert len(required.codes) == len(set(required.codes)) == 44
    assert {"IND", "PAK", "PRK", "USA", "CHN"} <= set(required.codes)


def test_a_document_without_required_states_stays_valid_and_keeps_its_canonical_form():
    # Documents stored before the key existed: valid, and written back exactly as before.
    rules = _ccm()
    assert "required_states" not in rules["entry_into_force"]
    parsed = Rules.from_dict(rules)
    assert parsed.entry_into_force.required_states is None
    assert "required_states" not in parsed.to_dict()["entry_into_force"]
    rules["entry_into_force"]["required_states"] = None  # null: the same
    assert Rules.from_dict(rules) == parsed


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([], "entry_into_force.required_states must be an object"),
        ({"codes": ["FRA"]}, "entry_into_force.required_states.provision is required"),
        ({"provision": "Annex", "codes": []}, "codes must be a non-empty list of state codes"),
        ({"provision": "Annex", "codes": ["fra"]}, "codes must be a non-empty list of state"),
        ({"provision": "Annex", "codes": ["FRA", "FRA"]}, "codes must name each state once"),
        ({"provision": "Annex", "codes": ["FRA"], "x": 1}, "required_states.x is not a known key"),
    ],
)
def test_required_states_are_read_strictly(value, message):
    rules = _ccm()
    rules["entry_into_force"]["required_states"] = value
    assert any(message in m for m in _errors(rules)), _errors(rules)
