"""The few HTML pages the tool itself serves inside the LMS: the assignment picker and the auto-posting form."""

from __future__ import annotations

from html import escape

from backend.schemas.assignment import AssignmentRead

_STYLE = ("body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1f2933}"
          "label{display:block;margin:.4rem 0}fieldset{border:1px solid #cbd2d9;border-radius:.5rem;margin:1rem 0}"
          "button{padding:.5rem 1.2rem;font-size:1rem}")


def _page(title: str, body: str) -> str:
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"<style>{_STYLE}</style></head><body>{body}</body></html>")


def auto_post(action: str, fields: dict[str, str], title: str = "Returning to your course") -> str:
    """A form that posts itself (LTI messages travel as browser form posts); the button is there without scripts."""
    inputs = "".join(f"<input type='hidden' name='{escape(k)}' value='{escape(v)}'>" for k, v in fields.items())
    return _page(title, f"<p>{escape(title)}…</p><form id='lti' method='post' action='{escape(action)}'>{inputs}"
                        "<button type='submit'>Continue</button></form>"
                        "<script>document.getElementById('lti').submit()</script>")


def picker(*, ticket: str, assignments: list[AssignmentRead], clients: list[tuple[int, str]]) -> str:
    """Pick an assignment of the course's section, or make a new one from one of the teacher's clients."""
    options = "".join(
        f"<label><input type='radio' name='assignment_id' value='{a.id}'{' checked' if i == 0 else ''}> "
        f"{escape(a.title)} <small>({escape(a.client.name)})</small></label>" for i, a in enumerate(assignments))
    existing = (f"<fieldset><legend>An assignment of this course</legend>{options}</fieldset>" if assignments else
                "<p>This course has no assignments yet: make one from a client below.</p>")
    client_options = "".join(f"<option value='{cid}'>{escape(name)}</option>" for cid, name in clients)
    new = ("<fieldset><legend>New assignment from client…</legend>"
           f"<label>Client <select name='client_id'><option value=''>—</option>{client_options}</select></label>"
           "<label>Title <input name='title' maxlength='200' value='Practice interview'></label>"
           "<label><input type='radio' name='assignment_id' value='new'> Make this new assignment</label>"
           "</fieldset>" if clients else "")
    return _page("Choose an assignment", "<h1>Choose what this link opens</h1>"
                 f"<form method='post' action='/lti/deep-link'><input type='hidden' name='ticket' "
                 f"value='{escape(ticket)}'>{existing}{new}<button type='submit'>Add to course</button></form>")
