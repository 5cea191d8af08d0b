"""Admin forms for treaties: the key facts, and the rules edited as fields, not as raw JSON.

- ``facts``: the key facts and ``TreatyFactsForm`` (for users who may not change the rules);
- ``sections``, ``periods``: one group of declared fields per section of the rules, and the
  period step slots;
- ``document``: the rules document (see ``rules.document.vocabulary``) to fields and back;
- ``errors``: the engine's problems placed on fields by their path;
- ``form``: ``TreatyRulesForm``, the key facts plus every group, judged by the engine.
"""

from .document import rules_from_cleaned, rules_to_initial, same_rules
from .errors import RULE_PATH_FIELDS, rules_errors
from .facts import KEY_FACTS, TreatyFactsForm
from .form import RULES_FIELD_NAMES, TreatyRulesForm
from .periods import PERIODS, STEP_SLOTS, step_field_names

__all__ = [
    "KEY_FACTS",
    "PERIODS",
    "RULES_FIELD_NAMES",
    "RULE_PATH_FIELDS",
    "STEP_SLOTS",
    "TreatyFactsForm",
    "TreatyRulesForm",
    "rules_errors",
    "rules_from_cleaned",
    "rules_to_initial",
    "same_rules",
    "step_field_names",
]
