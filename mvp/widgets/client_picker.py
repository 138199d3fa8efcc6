"""The teacher's select box of their clients, whose choice lives in a state slot so other pages can preset it."""

from __future__ import annotations

from mvp import state
from mvp.client.models import Client
from mvp.state import Choice
from mvp.widgets.choices import pick

NEW_CLIENT_LABEL = "New client (blank form)"


def client_label(client: Client) -> str:
    """How a client reads in a select box: 'Maria, 34', with '(draft)' while unpublished."""
    return f"{client.name}, {client.age}" + ("" if client.is_published else "  (draft)")


def _picker(label: str, clients: list[Client], choice: Choice, *, new: bool) -> int | None:
    """A page opened from the sidebar starts on the client last picked elsewhere (previewed, edited, tested).

    Not the editor: there None means "a new client", a choice of its own, and filling it in with the last client
    would put an existing client's form under a "New client" press (and save over that client).
    """
    names = {c.id: client_label(c) for c in clients}
    if not new and choice.get() is None and state.last_client.get() in names:
        choice.set(state.last_client.get())
    chosen = pick(label, names, choice, none_label=NEW_CLIENT_LABEL if new else None)
    if chosen is not None:
        state.last_client.set(chosen)
    return chosen


def pick_client(label: str, clients: list[Client], choice: Choice) -> int:
    """One of the teacher's clients (the list must not be empty)."""
    chosen = _picker(label, clients, choice, new=False)
    return clients[0].id if chosen is None else chosen


def pick_client_or_new(label: str, clients: list[Client], choice: Choice) -> int | None:
    """One of the teacher's clients, or None for 'New client (blank form)', the first option (and the default)."""
    return _picker(label, clients, choice, new=True)
