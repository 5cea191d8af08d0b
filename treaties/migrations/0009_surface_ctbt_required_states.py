"""The CTBT's Annex 2 moves from a table keyed by slug into its rules
(``entry_into_force.required_states``): a treaty stored before then gets it here, so that its
page keeps listing the Annex 2 states that had not ratified. Other treaties are untouched (the
key is optional)."""

from django.db import migrations

#: The value frozen as the catalogue had it when the key was introduced.
ANNEX_2 = {
    "provision": "Annex 2 (art. XIV(1))",
    "source": "https://treaties.un.org/doc/Treaties/1997/09/19970910%2007-37%20AM/Ch_XXVI_04p.pdf",
    "codes": [
        "DZA", "ARG", "AUS", "AUT", "BGD", "BEL", "BRA", "BGR", "CAN", "CHL", "CHN",
        "COL", "PRK", "EGY", "FIN", "FRA", "DEU", "HUN", "IND", "IDN", "IRN", "ISR",
        "ITA", "JPN", "MEX", "NLD", "NOR", "PAK", "PER", "POL", "ROU", "KOR", "RUS",
        "SVK", "ZAF", "ESP", "SWE", "CHE", "TUR", "UKR", "GBR", "USA", "VNM", "COD",
    ],
}  # fmt: skip


def add_annex_2(apps, schema_editor):
    Treaty = apps.get_model("treaties", "Treaty")
    for treaty in Treaty.objects.filter(slug="ctbt"):
        eif = (treaty.rules or {}).get("entry_into_force")
        if isinstance(eif, dict) and "required_states" not in eif:
            eif["required_states"] = ANNEX_2
            Treaty.objects.filter(pk=treaty.pk).update(rules=treaty.rules)


def remove_annex_2(apps, schema_editor):
    Treaty = apps.get_model("treaties", "Treaty")
    for treaty in Treaty.objects.filter(slug="ctbt"):
        eif = (treaty.rules or {}).get("entry_into_force")
        if isinstance(eif, dict) and eif.pop("required_states", None) is not None:
            Treaty.objects.filter(pk=treaty.pk).update(rules=treaty.rules)


class Migration(migrations.Migration):
    dependencies = [("treaties", "0008_league_list")]

    operations = [migrations.RunPython(add_annex_2, remove_annex_2)]
