"""The device: the one place that opens the store, builds the API client and runs sync.

A :class:`Device` is the phone (in web mode: the app process; every browser tab is a
window onto the same device). Screens reach it only through view-models, which call its
blocking methods off the event loop. Status changes reach listeners through
:meth:`Device.subscribe`; a listener runs on whichever thread changed the status (the
sync thread, mostly) and must hand the change to its own loop.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import requests

from fieldapp.application.account import (
    ACCOUNT_SETTING,
    LANGUAGE_SETTING,
    SERVICE_URL_SETTING,
    Account,
    FileTokenVault,
    TokenVault,
    stored_account,
)
from fieldapp.application.jobs import JobBook
from fieldapp.application.sign_in import SignInFailed, sign_in
from fieldapp.domain.text import Text, text
from fieldapp.store import Store, open_store
from fieldapp.store.paths import default_store_dir
from fieldapp.sync_client import (
    ApiClient,
    Backoff,
    Checks,
    StatusBoard,
    StatusListener,
    SyncEngine,
    SyncRunner,
    SyncStatus,
    outbox_counts,
)

log = logging.getLogger(__name__)

SessionFactory = Callable[[], requests.Session]


class SignOutRefused(Exception):
    """Signing out would lose changes that were never sent."""

    def __init__(self, message: Text, unsent: int) -> None:
        super().__init__(str(message))
        self.message = message
        self.unsent = unsent


class Device:
    """The store, the signed-in account, the API client and the sync runner of one device."""

    def __init__(
        self,
        store_dir: Path | None = None,
        *,
        vault: TokenVault | None = None,
        default_service_url: str = "",
        session_factory: SessionFactory = requests.Session,
        sync_interval: float = 300.0,
        sync_checks: Checks | None = None,
        sync_backoff: Callable[[], Backoff] = Backoff,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.store_dir = store_dir or default_store_dir()
        self.vault = vault or FileTokenVault(self.store_dir.parent / "token.json")
        self.default_service_url = default_service_url
        self.session_factory = session_factory
        self.sync_interval = sync_interval
        self.sync_checks = sync_checks or Checks()
        self.sync_backoff = sync_backoff
        self.clock = clock
        self.store: Store = open_store(self.store_dir)
        self._board = StatusBoard()
        self._board.subscribe(self._fan_out)
        self._listeners: list[StatusListener] = []
        self._lock = threading.RLock()  # sign-in, sign-out, close: one at a time
        # The listeners have a lock of their own: the sync thread notifies while a sign-out
        # holds ``_lock`` and waits for that thread to stop.
        self._listeners_lock = threading.Lock()
        self._runner: SyncRunner | None = None
        self.jobs = JobBook(lambda: self.store, clock=clock)
        # Beside the store, never inside it: signing out removes the store folder.
        self.log_file = self.store_dir.parent / "logs" / "app.log"
        self.diagnostics_dir = self.store_dir.parent / "diagnostics"

    # -- who is signed in ------------------------------------------------------------------

    @property
    def account(self) -> Account | None:
        """The technician this device belongs to (kept while the token expired)."""
        return stored_account(self.store)

    @property
    def service_url(self) -> str:
        return str(self.store.get_setting(SERVICE_URL_SETTING) or self.default_service_url)

    @property
    def device_id(self) -> str:
        return self.store.device_id

    @property
    def needs_password(self) -> bool:
        """Signed in once, but the token is gone or expired: ask for the password again."""
        if self.account is None:
            return False
        return self.vault.load() is None or self.status.sign_in_required

    @property
    def language(self) -> str | None:
        value = self.store.get_setting(LANGUAGE_SETTING)
        return value if isinstance(value, str) else None

    def set_language(self, language: str) -> None:
        """Remember the chosen language on the device."""
        self.store.set_setting(LANGUAGE_SETTING, language)

    def start(self) -> None:
        """Start syncing when a technician is signed in (at app start)."""
        token = self.vault.load()
        if self.account is not None and token is not None:
            self._start_runner(token)
        else:
            self._publish_counts()

    def sign_in(self, service_url: str, username: str, password: str) -> Account:
        """Sign in (blocking); raises :class:`SignInFailed` with the reason in words.

        Signing in again after an expiry keeps everything queued and syncs it. A different
        technician cannot sign in while this device holds another's data.
        """
        current = self.account
        signed = sign_in(
            service_url,
            username,
            password,
            device_id=self.device_id,
            session=self.session_factory(),
        )
        if current is not None and current.user_id != signed.account.user_id:
            raise SignInFailed(
                text(
                    f"本机仍保存着 {current.display_name} 的数据，请先由其本人登录并退出",
                    f"this device still holds {current.display_name}'s data; "
                    "they must sign in and sign out first",
                ),
                "username",
            )
        url = service_url.strip().rstrip("/").removesuffix("/api/v1")
        if "://" not in url:
            url = "http://" + url
        with self._lock:
            self.store.set_setting(SERVICE_URL_SETTING, url)
            self.store.set_setting(ACCOUNT_SETTING, signed.account.to_json())
            self.vault.save(signed.token)
            if self._runner is not None and self._runner.engine.api.base_url == url:
                self._runner.signed_in(signed.token)
            else:
                self._stop_runner()
                self._start_runner(signed.token)
        return signed.account

    def unsent_count(self) -> int:
        """Sheets not yet accepted by the service (queued or needing attention)."""
        return len(self.store.pending_sheets()) + len(self.store.needs_attention())

    def sign_out(self) -> None:
        """Sign out and remove every customer's data from the device (blocking).

        Refused (:class:`SignOutRefused`) while anything is unsent. The store folder is
        removed and a fresh one opened: a new device id, so the phone can be handed on.
        """
        with self._lock:
            unsent = self.unsent_count()
            if unsent:
                raise SignOutRefused(
                    text(
                        f"还有 {unsent} 份报告单未发送，请先同步再退出",
                        f"{unsent} job sheets are not sent yet; sync before signing out",
                    ),
                    unsent,
                )
            language = self.language
            self._stop_runner()
            self.vault.clear()
            self.store.close()
            shutil.rmtree(self.store_dir, ignore_errors=True)
            self.store = open_store(self.store_dir)
            if language:
                self.store.set_setting(LANGUAGE_SETTING, language)
            self._board.update(
                online=None,
                running=False,
                pending=0,
                needs_attention=0,
                pending_sheets=frozenset(),
                attention_sheets=frozenset(),
                counted=False,
                last_success=None,
                last_error=None,
                sign_in_required=False,
            )

    # -- sync --------------------------------------------------------------------------------

    @property
    def status(self) -> SyncStatus:
        return self._board.current

    def subscribe(self, listener: StatusListener) -> Callable[[], None]:
        """Call ``listener(status)`` on each change, on the changing thread; returns unsubscribe."""
        with self._listeners_lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._listeners_lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def sync_now(self) -> None:
        """Ask for a sync round as soon as possible (returns at once).

        The count of what waits is taken first (from the store's index, cheap), so a sheet
        just submitted reads as queued everywhere before the round starts.
        """
        self.count_outbox()
        if self._runner is not None:
            self._runner.sync_now()

    def check_connection(self) -> None:
        """Find out at once whether the service answers (returns at once): the app came back
        to the foreground or the phone's network changed. What waits goes out if it does."""
        if self._runner is not None:
            self._runner.check_now()

    def retry(self, sheet_id: str) -> None:
        """Send a rejected sheet again unchanged, then sync."""
        self.store.clear_needs_attention(sheet_id)
        self._publish_counts()
        self.sync_now()

    def changed_locally(self) -> None:
        """A sheet was saved on the device: the indicator's count to send follows at once,
        and the runner, seeing something queued, checks every few seconds that the service
        answers. Told only when the count changed: a tick in a visit must not re-render every
        screen's indicator."""
        try:
            counts = outbox_counts(self.store)
        except Exception:  # counts are informative; a damaged file is reported elsewhere
            log.exception("could not count the outbox")
            return
        now = self._board.current
        if (
            now.counted
            and counts["pending_sheets"] == now.pending_sheets
            and counts["attention_sheets"] == now.attention_sheets
        ):
            return
        self._publish_counts()

    def count_outbox(self) -> None:
        """Count what waits again and tell every listener (blocking: the store's index)."""
        self._publish_counts(with_last_outcome=False)

    def api(self) -> ApiClient | None:
        """An API client for one-off reads (serial history), or None when not signed in."""
        token = self.vault.load()
        if self.account is None or token is None:
            return None
        return ApiClient(
            base_url=self.service_url,
            session=self.session_factory(),
            token=token,
            connect_timeout=3.0,
            read_timeout=10.0,
            on_reach=self._heard,  # a failed one-off request shows offline at once too
        )

    def close(self) -> None:
        """Stop syncing and close the store."""
        with self._lock:
            self._stop_runner()
            self.store.close()

    def _start_runner(self, token: str) -> None:
        api = ApiClient(base_url=self.service_url, session=self.session_factory(), token=token)
        engine = SyncEngine(api=api, store=self.store, device_id=self.device_id, board=self._board)
        self._runner = SyncRunner(
            engine=engine,
            interval=self.sync_interval,
            checks=self.sync_checks,
            backoff=self.sync_backoff(),
            clock=self.clock,
        )
        self._runner.start()

    def _heard(self, answered: bool) -> None:
        runner = self._runner
        if runner is not None:
            runner.heard(answered)

    def _stop_runner(self) -> None:
        if self._runner is not None:
            self._runner.stop()
            self._runner = None

    def _publish_counts(self, *, with_last_outcome: bool = True) -> None:
        try:
            counts = outbox_counts(self.store)
        except Exception:  # counts are informative; a damaged file is reported elsewhere
            log.exception("could not count the outbox")
            return
        if not with_last_outcome:
            self._board.update(**counts)
            return
        state = self.store.sync_state()
        self._board.update(
            **counts,
            last_success=state.last_success_at,
            last_error=state.last_error.message if state.last_error else None,
        )

    def _fan_out(self, status: SyncStatus) -> None:
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(status)
            except Exception:  # one closed window must not stop the others' updates
                log.exception("sync status listener failed")
