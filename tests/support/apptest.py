"""Helpers for AppTest runs of the three apps against a real API process: sign in, open a page, read the screen."""

from __future__ import annotations

import uuid
from pathlib import Path

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from mvp.client.api_client import ApiClient
from tests.support.server import DEMO_PASSWORDS

MVP = Path(__file__).resolve().parents[2] / "mvp"
TIMEOUT = 30
STUDENT_PASSWORD = "student-pass-123"


def as_user(email: str, base_url: str, password: str | None = None) -> ApiClient:
    client = ApiClient(base_url)
    client.login(email, password or DEMO_PASSWORDS[email])
    return client


def new_student(base_url: str) -> str:
    """A student of this test's own, so active sessions in one test never show up in another."""
    email = f"student.{uuid.uuid4().hex[:8]}@example.com"
    as_user("admin@example.com", base_url).create_user(email=email, display_name=f"Student {email[8:12]}",
                                                        password=STUDENT_PASSWORD)
    return email


def app(name: str) -> AppTest:
    return AppTest.from_file(str(MVP / f"{name}.py"), default_timeout=TIMEOUT).run()


def sign_in(at: AppTest, email: str, password: str | None = None) -> AppTest:
    at.text_input(key="sign_in_email").set_value(email)
    at.text_input(key="sign_in_password").set_value(password or DEMO_PASSWORDS.get(email, STUDENT_PASSWORD))
    return at.button(key="sign_in_submit").click().run()


def open_page(at: AppTest, url_path: str) -> AppTest:
    """Open an st.navigation page the way its sidebar link does (AppTest.switch_page only knows files)."""
    at._page_hash = calc_hash(url_path)
    at.run()
    at._page_hash = ""  # later runs stay where this one finished (or where a button switched to)
    return at


def click(at: AppTest, label: str) -> AppTest:
    """Click the first button with this label and run the app."""
    return next(b for b in at.button if b.label == label).click().run()


def texts(at: AppTest) -> str:
    """Everything a person reads on the page, joined, for 'is this shown' assertions."""
    parts = [e.value for kind in ("title", "subheader", "markdown", "caption", "info", "success", "warning",
                                  "error", "code") for e in getattr(at, kind)]
    return "\n".join(str(part) for part in parts)


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
