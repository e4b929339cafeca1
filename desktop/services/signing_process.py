"""Open the key and sign in a helper process while this process renders the PDF.

``export-minutes --sign-with`` is a whole process with a budget of 0.8 s. Importing pyHanko
costs about 0.35 s on the development machine, as much as importing ReportLab and laying out the
minutes; both are pure Python and hold the interpreter lock, so a thread would not help. A
forked helper uses the second core: it opens the key (``cryptography``), tells this process
whose key it is (the name is printed in the minutes) or that the passphrase is wrong, imports
pyHanko, and waits on a pipe for the rendered PDF. It sends the signed PDF back the same way and
exits. It is forked before the database is opened, so no SQLite connection crosses the fork.

Nothing goes through files: the PDF and the answers travel through anonymous pipes, and the
passphrase never does. Where ``fork`` is not available or not safe (Windows, macOS), or the
helper fails in any way, the key is opened and the PDF signed in this process instead; the
result is the same. The GUI always signs in its own process (a Qt application must not fork).
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import signal
import struct
import sys
from pathlib import Path
from typing import Any, Protocol

from desktop.services.signing import (
    KeyInfo,
    OpenedKey,
    SigningError,
    SignRequest,
    SignResult,
    load_signing_code,
    open_key,
    sign_pdf,
)

_INFO, _OK, _REFUSED, _FAILED = "info", "ok", "refused", "failed"
_LENGTH = struct.Struct("!Q")


class Signer(Protocol):
    """Whose key signs (:attr:`info`), and the signing itself."""

    @property
    def info(self) -> KeyInfo: ...

    def sign(self, request: SignRequest) -> SignResult: ...

    def close(self) -> None: ...


class InProcessSigner:
    """Opens the key now and signs in this process (pyHanko is imported on first use)."""

    def __init__(self, opened: OpenedKey) -> None:
        self._opened = opened

    @classmethod
    def for_key(cls, path: Path, passphrase: str) -> InProcessSigner:
        return cls(open_key(path, passphrase))

    @property
    def info(self) -> KeyInfo:
        return self._opened.info

    def sign(self, request: SignRequest) -> SignResult:
        return sign_pdf(request, self._opened)

    def close(self) -> None:
        pass


def can_fork() -> bool:
    """True where a forked helper is safe: Linux (macOS system libraries refuse to run after fork)."""
    return hasattr(os, "fork") and sys.platform.startswith("linux")


def start_signer(path: Path, passphrase: str) -> Signer:
    """A signer getting ready in a helper process where it can, else one in this process."""
    if can_fork():
        try:
            return ForkedSigner(path, passphrase)
        except OSError:
            pass
    return InProcessSigner.for_key(path, passphrase)


class ForkedSigner:
    """The helper process, forked now; it opens the key and imports pyHanko meanwhile."""

    def __init__(self, path: Path, passphrase: str) -> None:
        self._path, self._passphrase = Path(path), passphrase
        self._fallback: InProcessSigner | None = None
        self._info: KeyInfo | None = None
        request_read, self._request_write = os.pipe()
        self._answer_read, answer_write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        self._pid = os.fork()
        if self._pid == 0:  # the helper: never returns
            os.close(self._request_write)
            os.close(self._answer_read)
            _serve(self._path, passphrase, request_read, answer_write)
        os.close(request_read)
        os.close(answer_write)

    @property
    def info(self) -> KeyInfo:
        """The key's description; waits for the helper to open it. A wrong passphrase raises here."""
        if self._info is None:
            status, value = self._receive()
            if status == _INFO:
                self._info = value
            elif status == _REFUSED:
                self.close()
                raise SigningError(value)
            else:
                self._info = self._in_process().info
        return self._info

    def sign(self, request: SignRequest) -> SignResult:
        _ = self.info
        if self._fallback is None:
            try:
                _send(self._request_write, dataclasses.replace(request, passphrase=""))
                os.close(self._request_write)
                self._request_write = -1
            except OSError:
                pass
            status, value = self._receive()
            self.close()
            if status == _OK:
                return value
            if status == _REFUSED:
                raise SigningError(value)
        return self._in_process().sign(request)

    def close(self) -> None:
        """Let the helper go (also when nothing is signed after all) and collect it."""
        unused = self._request_write >= 0  # nothing was sent: stop it rather than wait for its imports
        for fd in (self._request_write, self._answer_read):
            if fd >= 0:
                os.close(fd)
        self._request_write = self._answer_read = -1
        if self._pid:
            if unused:
                try:
                    os.kill(self._pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            try:
                os.waitpid(self._pid, 0)
            except ChildProcessError:
                pass
            self._pid = 0

    def _receive(self) -> tuple[str, Any]:
        try:
            return _receive(self._answer_read) if self._answer_read >= 0 else (_FAILED, "")
        except (OSError, EOFError, pickle.UnpicklingError):
            return (_FAILED, "")

    def _in_process(self) -> InProcessSigner:
        """The helper failed (or was killed): do it here, the same way."""
        self.close()
        if self._fallback is None:
            self._fallback = InProcessSigner.for_key(self._path, self._passphrase)
        return self._fallback


def _serve(path: Path, passphrase: str, request_read: int, answer_write: int) -> None:
    """The helper's whole life: open the key, import, sign what comes, exit without cleanup."""
    status = 1
    try:
        try:
            opened = open_key(path, passphrase)
        except SigningError as exc:
            _send(answer_write, (_REFUSED, str(exc)))
            return
        _send(answer_write, (_INFO, opened.info))
        load_signing_code()  # while this process renders

        request = _receive(request_read)
        try:
            answer: tuple[str, Any] = (_OK, sign_pdf(request, opened))
        except SigningError as exc:
            answer = (_REFUSED, str(exc))
        _send(answer_write, answer)
        status = 0
    except EOFError:  # this process did not need a signature after all
        status = 0
    except BaseException:  # noqa: BLE001 - the parent signs itself; nothing is printed or logged here
        try:
            _send(answer_write, (_FAILED, ""))
        except BaseException:  # noqa: BLE001, S110 - the parent sees the pipe close
            pass
    finally:
        os._exit(status)


def _send(fd: int, value: object) -> None:
    data = pickle.dumps(value)
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int) -> Any:
    (length,) = _LENGTH.unpack(_read_exactly(fd, _LENGTH.size))
    return pickle.loads(_read_exactly(fd, length))  # noqa: S301 - between our own two processes


def _read_exactly(fd: int, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
