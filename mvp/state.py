"""Every session-state key the apps use, named once here, each with the type of what it holds.

Pages and widgets never index `st.session_state` with a string: they use the slots below. A widget whose value
is also read or preset by code (a select box of ids) takes `key=slot.key`, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from mvp.client.api_client import ApiClient, ApiError
from mvp.client.course_models import EnrollmentResult
from mvp.client.feedback_models import Evaluation
from mvp.client.models import User

T = TypeVar("T")


class Slot(Generic[T]):
    """One session-state key and the type of its value (None while unset)."""

    def __init__(self, key: str) -> None:
        self.key = key

    def get(self) -> T | None:
        return cast("T | None", st.session_state.get(self.key))

    def set(self, value: T) -> None:
        st.session_state[self.key] = value

    def setdefault(self, default: T) -> T:
        return cast("T", st.session_state.setdefault(self.key, default))

    def pop(self) -> T | None:
        return cast("T | None", st.session_state.pop(self.key, None))


class Choice(Slot[int]):
    """The id chosen in a select box that code may preset before the box is drawn.

    None is the box's own first option ('New client', 'All clients'). Setting None removes the key instead of
    storing None: Streamlit draws a select box whose state is None as empty (its placeholder), whereas without
    the key the box falls back to its first option, the None one.
    """

    def set(self, value: int | None) -> None:
        if value is None:
            self.pop()
        else:
            st.session_state[self.key] = value

    def keep_valid(self, options: Sequence[int | None]) -> None:
        """Fall back to the first option when the remembered one is no longer offered (deleted, filtered out)."""
        if self.get() not in options:
            self.set(options[0])


class FormRound(Slot[int]):
    """How many times a form was sent. After the first, its widgets' keys carry the round, so the next round is drawn
    as new widgets, blank: forgetting a widget's state on the server alone leaves the browser showing the old text."""

    def keys(self, fields: Sequence[str]) -> tuple[str, ...]:
        done = self.get() or 0
        return tuple(fields) if done == 0 else tuple(f"{field}_{done}" for field in fields)

    def advance(self, fields: Sequence[str]) -> None:
        """The form was sent: forget this round's values and draw the next round blank."""
        reset_widgets(self.keys(fields))
        self.set((self.get() or 0) + 1)


# Who is signed in, and the connection to the API (kept for the tab's lifetime so it is reused).
user: Slot[User] = Slot("user")
api_client: Slot[ApiClient] = Slot("api")

# A sign-in kept across reloads: the browser's id for it, when the token expires, and "just signed out here".
sign_in_id: Slot[str] = Slot("sign_in_id")
sign_in_expires_at: Slot[float] = Slot("sign_in_expires_at")
signed_out: Slot[bool] = Slot("signed_out")
# The assignment an LMS course link opened (the student app shows it first).
lti_assignment: Slot[int] = Slot("lti_assignment")

# The frame: this run's pages by name (so a button can open another page), and messages for the next run.
pages: Slot[dict[str, StreamlitPage]] = Slot("_pages")
flash_messages: Slot[list[str]] = Slot("_flash")

# Teacher app.
editor_choice = Choice("editor_choice")  # the client in the editor; None: a new client
editor_nonce: Slot[int] = Slot("editor_nonce")  # bumped after a save so the form starts fresh
persona_checked: Slot[str] = Slot("persona_checked")  # the persona form whose save was pressed: check it live
preview_choice = Choice("preview_choice")
check_choice = Choice("check_choice")  # the client on the Check a client page
run_check_for: Slot[int] = Slot("run_check_for")  # 'Check this client' on a card: run it as the page opens
test_client_choice = Choice("test_client_choice")
test_sessions: Slot[dict[int, int]] = Slot("test_sessions")  # client id -> the teacher's open test session
confirm_delete: Slot[int] = Slot("confirm_delete")  # the client whose 'Delete' waits for a confirmation


@dataclass
class FactRows:
    """The persona form's hidden-fact rows: the ids of the rows shown, and the next id to hand out (ids are
    never reused, so a removed row's text can never reappear in a new one)."""

    rows: list[int]
    next_id: int


def fact_rows(form_key: str) -> Slot[FactRows]:
    """The hidden-fact rows of one persona form (each form, new or per client, keeps its own)."""
    return Slot(f"{form_key}_fact_rows")


last_client: Slot[int] = Slot("last_client")  # the client last picked on any page: other pages start with it
history_client = Choice("history_client")  # the Conversations page's client filter; None: all clients
section_choice = Choice("section_choice")  # the section open on the Sections page
assignment_choice = Choice("assignment_choice")  # the assignment open in 'Change or delete an assignment'
confirm_delete_assignment: Slot[int] = Slot("confirm_delete_assignment")  # its 'Delete' waits for a confirmation
assignment_form_round = FormRound("assignment_form_round")  # 'Give an assignment': blank again after 'Assign'
section_form_round = FormRound("section_form_round")  # 'New section': blank again after 'Create section'
enroll_form_round = FormRound("enroll_form_round")  # 'Enroll students': blank again after 'Enroll'
confirm_delete_section: Slot[int] = Slot("confirm_delete_section")  # the section whose 'Delete' waits to be confirmed
confirm_remove: Slot[int] = Slot("confirm_remove")  # the student whose 'Remove from section' waits for a yes
section_tab: Slot[str] = Slot("section_tab")  # the Sections page's open tab (Progress, Students, Assignments)
grid_session = Choice("grid_session")  # the transcript opened from the progress grid (a session id)
# What the last enrollment did, shown once on the next run (new accounts' passwords are never shown again).
enrollment_outcome: Slot[EnrollmentResult] = Slot("enrollment_outcome")

# Both the teacher's Conversations and the student's My transcripts: the conversation opened.
history_choice = Choice("history_choice")



# A message that did not go through (refused, connection lost, server error): put back in the box with why.
@dataclass(frozen=True)
class UnsentMessage:
    text: str
    error: ApiError


unsent_message: Slot[UnsentMessage] = Slot("unsent_message")


@dataclass(frozen=True)
class SendAttempt:
    """The message being sent and its Idempotency-Key: sending the same text again reuses the key, so a retry
    after a lost connection cannot store the message twice. Forgotten once the turn comes back."""

    session_id: int
    text: str
    key: str


send_attempt: Slot[SendAttempt] = Slot("send_attempt")
CHAT_INPUT = "chat_input"  # the message box of a conversation
SUBMIT_ATTEMPT = "submit_attempt"  # student: 'Submit for your teacher' on a conversation for an assignment

# Student app.
practice_session_id: Slot[int] = Slot("practice_session_id")  # the conversation in this tab
confirm_end: Slot[bool] = Slot("confirm_end")  # 'End conversation' waits for a confirmation
feedback_choice = Choice("feedback_choice")  # the conversation whose feedback is open

# Teacher app: the review queue.
review_choice = Choice("review_choice")  # the conversation under review
REVIEW_SHOW = "review_show"  # which conversations the queue lists


def review_widgets(session_id: int, evaluation: Evaluation) -> str:
    """The key prefix of one evaluation's review form ('{prefix}_{criterion}', '_comment', '_overall',
    '_released'). A re-run evaluation gets new keys, so its boxes start from its own scores: Streamlit would
    otherwise keep showing the old ones, and saving would record overrides the teacher never chose."""
    stamp = round(evaluation.evaluated_at.timestamp() * 1_000_000) if evaluation.evaluated_at else 0  # CSS-safe
    return f"review_{session_id}_{evaluation.id}_{stamp}"

# Keys of widgets whose value only the widget reads (named here so tests and pages share them).
SIGN_IN_EMAIL = "sign_in_email"
SIGN_IN_PASSWORD = "sign_in_password"
SIGN_IN_SUBMIT = "sign_in_submit"
SIGN_IN_AGAIN_PREFIX = "sign_in_again_"  # one per error shown, numbered
SIGN_OUT = "sign_out"
# The password form (sidebar 'Change password', and the first sign-in with a temporary password).
PASSWORD_CURRENT, PASSWORD_NEW, PASSWORD_CONFIRM = "password_current", "password_new", "password_confirm"
PASSWORD_SUBMIT = "password_submit"
SECTION_TAB = section_tab.key  # teacher: the Sections page's tabs (their widget key)
DOWNLOAD_GRADEBOOK = "download_gradebook"  # teacher: the Progress tab's downloads
DOWNLOAD_TRANSCRIPTS = "download_transcripts"
REMOVE_CHOICE, REMOVE_STUDENT = "remove_choice", "remove"  # teacher: 'Remove a student' box, button ('_{section}')
GRID = "progress_grid"  # teacher: the progress grid (its cell selection)
ENROLL_EMAILS = "enroll_emails"  # teacher: the enrollment form
ENROLL_FILE = "enroll_file"
ENROLL_CREATE = "enroll_create_missing"
ENROLL_SUBMIT = "enroll_submit"
CREATED_ACCOUNTS = "created_accounts"  # teacher: the enrollment outcome's tables
INVALID_ADDRESSES = "invalid_addresses"
SECTION_FORM_FIELDS = ("section_name", "section_code", "section_term", "section_description")
ASSIGNMENT_FORM_FIELDS = ("assignment_client", "assignment_title", "assignment_instructions", "assignment_has_open",
                          "assignment_open_date", "assignment_open_time", "assignment_has_due", "assignment_due_date",
                          "assignment_due_time", "assignment_max_attempts", "assignment_min_turns",
                          "assignment_allow_late", "assignment_published", "assignment_rubric",
                          "assignment_release")
RUBRIC_TITLE, RUBRIC_DESCRIPTION, RUBRIC_ROWS = "rubric_title", "rubric_description", "rubric_rows"  # new rubric
CHECK_CLIENT = "check_client"  # teacher: the 'Check this client' button
PUBLISH_CHECKED = "publish_checked"  # teacher: 'Publish' under a check's results
REFRESH = "refresh"  # admin: how often the dashboard reloads
HISTORY_DAYS = "days"  # admin: days of cost history
ERROR_KIND = "error_kind"  # admin: error log filters
ERROR_SOURCE = "error_source"
LTI_PLATFORM_FIELDS = ("lti_name", "lti_issuer", "lti_client_id", "lti_deployments", "lti_login_url", "lti_token_url",
                       "lti_keyset_url", "lti_link_by_email")  # admin: the 'Register an LMS' form
LTI_REMOVE_CHOICE, LTI_REMOVE = "lti_remove_choice", "lti_remove"  # admin: removing a registered LMS
LTI_ROTATE = "lti_rotate"  # admin: rotating the tool's signing key
LTI_EDIT_CHOICE = "lti_edit_choice"  # admin: the LMS being edited; its fields are '_{id}' suffixed
LTI_EDIT_DEPLOYMENTS, LTI_EDIT_LINK, LTI_EDIT_SAVE = "lti_edit_deployments", "lti_edit_link", "lti_edit_save"
LMS_ROSTER_SYNC = "lms_roster_sync"  # teacher: 'Sync roster from the LMS' ('_{section}')
LMS_RESEND_CHOICE, LMS_RESEND = "lms_resend_choice", "lms_resend"  # teacher: resending a score ('_{section}')


def api() -> ApiClient:
    """The tab's API client, created on first use."""
    client = api_client.get()
    if client is None:
        client = ApiClient()
        api_client.set(client)
    return client


def reset_widgets(keys: Sequence[str]) -> None:
    """Forget what these widgets hold, so a form starts blank on the next run (after a successful save)."""
    for key in keys:
        st.session_state.pop(key, None)


def forget_sign_in() -> None:
    """Drop the user and the token (an expired sign-in) but leave widget state: this run's widgets are on screen."""
    user.pop()
    api_client.pop()


def clear_all() -> None:
    """Forget everything this tab knew (sign-out): the connection is closed and every key removed."""
    client = api_client.get()
    if client is not None:
        client.close()
    for key in list(st.session_state.keys()):
        del st.session_state[key]
