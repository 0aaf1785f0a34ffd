"""Tests for gns_lib.present.commentary: materiality by kronor and by per cent, explanations placed, missing ones listed."""

from __future__ import annotations

from gns_lib.present.commentary import commentary, deviations, explanations
from gns_lib.engine.analysis import analyse_year
from gns_lib.data.loader import load_dataset

NB = "\u00a0"
M = "\u2212"


def ledger(revenue: str, cost: str) -> str:
    return f"""
        period;konto;objekt;belopp
        201801;3810;N;-200000
        201812;5010;N;150000
        201803;3010;U;{revenue}
        201803;6010;U;{cost}
    """


def material(ds, objekt):
    return [(d.kind, d.rad, d.by_kr, d.by_pct) for d in deviations(analyse_year(ds, 2018), ds.committee)
            if d.objekt == objekt and d.material]


def test_material_by_kronor_only(make_data):
    # Revenue 720 000 against 660 000: +60 000 kr (at least 50 000) but only +9,1 % (below 10 %).
    ds = load_dataset(make_data({
        "budget.csv": """
            ar;objekt;konto;belopp
            2018;N;5010;150000
            2018;N;3810;-200000
            2018;U;3010;-660000
            2018;U;6010;660000
        """,
        "utfall.csv": ledger("-720000", "660000"),
    }))
    assert material(ds, "U") == [("budget", None, True, False), ("budget", "Verksamhetens intäkter", True, False)]


def test_material_by_per_cent_only(make_data):
    # Cost 44 000 against 50 000: +6 000 kr (below 50 000) but +12,0 % (at least 10 %).
    ds = load_dataset(make_data({"utfall.csv": ledger("-50000", "44000")}))
    assert material(ds, "U") == [("budget", "Övriga kostnader", False, True)]
    c = commentary(ds, 2018)
    u = next(o for o in c.answers[0].objects if o.objekt == "U")
    assert u.facts == (
        f"Uppdraget (obj. U): +6{NB}tkr mot budget.",
        f"Väsentliga avvikelser per rad: Övriga kostnader +6{NB}tkr (+12,0{NB}%).",
    )


def test_below_both_limits_is_not_material(make_data):
    ds = load_dataset(make_data({"utfall.csv": ledger("-50000", "46000")}))  # +4 000 kr, +8 %
    assert material(ds, "U") == []
    c = commentary(ds, 2018)
    assert c.missing == ()
    assert f"Ingen avvikelse når väsentlighetsgränsen (50{NB}tkr eller 10{NB}%)." in c.answers[1].facts


def test_missing_explanation_is_listed(make_data):
    ds = load_dataset(make_data({"utfall.csv": ledger("-50000", "44000")}))
    c = commentary(ds, 2018)
    assert [o.objekt for o in c.missing] == ["U"]
    assert c.missing_lines == (
        f"Kommentar saknas: Uppdraget (obj. U), +6{NB}tkr (+12,0{NB}%) mot budget på raden Övriga kostnader",)
    # The nämnd object's cost row is +30 000 kr, +20 %: material too, and unexplained.
    ds2 = load_dataset(make_data({"utfall.csv": ledger("-50000", "44000").replace("150000", "120000")}))
    assert [o.objekt for o in commentary(ds2, 2018).missing] == ["N", "U"]


def test_explanations_are_placed_by_objekt(make_data):
    ds = load_dataset(make_data({
        "utfall.csv": ledger("-50000", "44000").replace("150000", "120000"),
        "kommentarer/2018.md": """
            # Kommentarer 2018

            ## Sammanfattning

            Ett lugnt år.

            ## U Uppdraget

            Köpt tjänst blev billigare.

            ## N

            Lönerna blev lägre.

            ## Prognos

            Prognosen höll.
        """,
    }))
    ex = explanations(ds, 2018)
    assert dict(ex.objects) == {"U": "Köpt tjänst blev billigare.", "N": "Lönerna blev lägre."}
    assert dict(ex.questions) == {4: "Prognosen höll."}
    assert ex.free == (("Sammanfattning", "Ett lugnt år."),)
    c = commentary(ds, 2018)
    assert c.missing == ()
    by_object = {o.objekt: o.explanation for o in c.answers[0].objects}
    assert by_object == {"N": "Lönerna blev lägre.", "U": "Köpt tjänst blev billigare."}
    assert c.answers[3].explanation == "Prognosen höll."
    assert c.sections == (("Sammanfattning", "Ett lugnt år."),)


def test_answers_are_written_from_the_computed_values(make_data):
    ds = load_dataset(make_data({
        "utfall.csv": ledger("-50000", "44000"),
        "prognos.csv": """
            ar;prognos;datum;objekt;konto;belopp
            2018;Delår augusti;2018-08-31;U;3010;-50000
            2018;Delår augusti;2018-08-31;U;6010;50000
        """,
    }))
    c = commentary(ds, 2018)
    assert [a.number for a in c.answers] == [1, 2, 3, 4]
    assert c.answers[0].facts == (f"Utfall mot budget för år 2018 är +6{NB}tkr.",)
    n = next(o for o in c.answers[0].objects if o.objekt == "N")
    assert n.facts[0] == (
        f"Nämnden (obj. N): Årets kostnader har varit 150{NB}tkr. Bidragen från parterna uppgick till "
        f"200{NB}tkr, därav reserveras ca 50{NB}tkr till 2019. Utfall mot budget ±0{NB}tkr år 2018."
    )  # no motpart column: who paid cannot be told, so no count of parties
    assert c.answers[2].facts == (
        f"Nettokostnaden år 2018 är 144{NB}tkr.",
        "Utfall för 2017 saknas, varför nettokostnadsutvecklingen inte kan beräknas.",
    )
    assert c.answers[3].facts == (
        f"Utfall mot årsprognos (Delår augusti, 2018-08-31) för år 2018 är +6{NB}tkr: utfallet +6{NB}tkr mot prognosen ±0{NB}tkr.",
        f"Utfallet avviker inte väsentligt från årsprognosen ±0{NB}tkr.",
    )


def test_deficit_is_flagged_in_the_analysis(make_data):
    ds = load_dataset(make_data({"utfall.csv": ledger("-50000", "45000").replace("150000", "260000")}))
    facts = commentary(ds, 2018).answers[1].facts
    assert f"Observera: reserven är negativ vid årets slut ({M}60{NB}tkr)." in facts
    n = commentary(ds, 2018).answers[0].objects[0]
    assert f"kostnaderna översteg bidragen med 60{NB}tkr, som tas ur reserven." in n.facts[0]


def _contribution_sentence(make_data, contributions: str) -> str:
    ds = load_dataset(make_data({"utfall.csv": f"""
        period;konto;objekt;motpart;belopp
        {contributions}
        201806;5010;N;;150000
    """}))
    n = next(o for o in commentary(ds, 2018, through="2018-12").answers[0].objects if o.objekt == "N")
    return next(s for s in n.facts[0].split(". ") if s.startswith("Bidragen"))


def test_the_reserve_sentence_counts_the_parties_that_paid_not_the_members(make_data):
    # R and A are members in 2018, but only R's contribution is booked.
    assert _contribution_sentence(make_data, "201801;3810;N;R;-200000") == (
        f"Bidragen från parterna uppgick till 200{NB}tkr från 1 part, därav reserveras ca 50{NB}tkr till 2019")
    paid_and_refunded = "201801;3810;N;R;-200000\n201802;3810;N;A;-1000\n201803;3810;N;A;1000"
    assert _contribution_sentence(make_data, paid_and_refunded).endswith(f"200{NB}tkr från 1 part, därav reserveras ca 50{NB}tkr till 2019")
    both = "201801;3810;N;R;-100000\n201802;3810;N;A;-100000"
    assert _contribution_sentence(make_data, both).endswith(f"200{NB}tkr från 2 parter, därav reserveras ca 50{NB}tkr till 2019")


def test_without_a_party_on_every_contribution_no_count_is_claimed(make_data):
    unnamed = "201801;3810;N;R;-100000\n201802;3810;N;;-100000"
    assert _contribution_sentence(make_data, unnamed) == (
        f"Bidragen från parterna uppgick till 200{NB}tkr, därav reserveras ca 50{NB}tkr till 2019")


def test_many_objects_with_material_deviations_are_counted_and_the_largest_named():
    """Up to 25 objects by name; beyond, their number and the 15 largest, largest first (ties in objekt.csv order)."""
    from decimal import Decimal

    from gns_lib.present.commentary import Deviation, ObjectText, material_sentence

    def objects(n: int, amount) -> list[ObjectText]:
        return [ObjectText(f"O{i}", f"Objekt {i}", "uppdrag", (), (Deviation("budget", f"O{i}", None, amount(i), None,
                                                                            True, False),), None) for i in range(1, n + 1)]

    quiet = ObjectText("Q", "Tyst", "uppdrag", (), (), None)
    assert material_sentence([quiet], "50 tkr") == "Ingen avvikelse når väsentlighetsgränsen (50 tkr)."
    assert material_sentence(objects(2, lambda i: Decimal(i)) + [quiet], "50 tkr") == (
        "Väsentliga avvikelser (minst 50 tkr) finns för Objekt 1 (obj. O1), Objekt 2 (obj. O2).")
    many = objects(1100, lambda i: Decimal(-i if i % 2 else i))  # the sign does not matter
    assert material_sentence(many + [quiet], "50 tkr") == (
        "Väsentliga avvikelser (minst 50 tkr) finns för 1\u00a0100 av 1\u00a0101 objekt. De 15 största avvikelserna finns för "
        + ", ".join(f"Objekt {i} (obj. O{i})" for i in range(1100, 1085, -1)) + ".")
    ties = objects(30, lambda i: Decimal(7))
    assert material_sentence(ties, "x").endswith(", ".join(f"Objekt {i} (obj. O{i})" for i in range(1, 16)) + ".")
