"""E-mail distribution of a year's reports (`gns mail`).

- marker:     write_completion_marker (the report batch calls it last), read_completion_marker
- addresses:  is_control, control_chars, one_line, is_address (what may go into a header)
- recipients: read_recipients, dataset_recipients, recipient_problems, report_files
- keyfigures: committee_figures, party_figures (from nyckeltal.json)
- bodies / compose: subject, plain and HTML bodies, attachments, zip, Message-ID
- outbox:     prepare_outbox (checks everything, all problems at once), write_drafts (.eml)
- send:       send_outbox over SMTP with the durable log `mail/skickat.csv` (no cleartext login)
"""

from gns_lib.mail.marker import MARKER_NAME, CompletionMarker, read_completion_marker, write_completion_marker

__all__ = ["MARKER_NAME", "CompletionMarker", "read_completion_marker", "write_completion_marker"]
