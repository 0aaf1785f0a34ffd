"""A delårsrapport by e-mail: its file goes to the årsbokslut's recipients, its title in the subject."""

from __future__ import annotations

from test_mail_bodies import ctx

from gns_lib.data.model import Recipient
from gns_lib.mail.bodies import plain_text, subject
from gns_lib.mail.selection import ReportFile, report_files


def test_the_delarsrapport_replaces_the_arsbokslut_attachment():
    r = Recipient("Ordförande", "ordf@example.se", "A", ("arsbokslut", "partsrapport"), 2)
    files, problem = report_files(r, 2018, main="delarsrapport_2018-08.html")
    assert problem is None
    assert files == (ReportFile("delarsrapport_2018-08.html", "delarsrapport_2018-08.html"),
                     ReportFile("parter/A.html", "partsrapport_A_2018.html"))
    assert report_files(r, 2018)[0][0] == ReportFile("arsbokslut_2018.html", "arsbokslut_2018.html")


def test_subject_and_intro_name_the_delar():
    c = ctx(period_title="Delårsrapport augusti 2018")
    assert subject(c) == "Delårsrapport augusti 2018 – Testnämnden"
    assert "Här kommer delårsrapport augusti 2018 och partsrapporten för Testby kommun 2018 från Testnämnden." in plain_text(c)
