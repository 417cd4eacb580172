"""faq — ask a knowledge base free-text questions (Python over the C API, ctypes).

    import faq

    faq.build("kb.index", ["corpus/"])
    with faq.open("kb.index") as kb:
        result = kb.ask("What is hemifacial spasm?", k=3)
        if result.status == "answer":
            print(result.passages[0].text, result.confidence)

        with faq.Session() as chat:          # a conversation carries context
            kb.ask("What is hemifacial spasm?", session=chat)
            kb.ask("how is it treated?", session=chat)

    with faq.writer("kb.index") as w:      # update: add / replace / remove, then commit
        w.add("refund-1", answer="Within 30 days.", question="Can I get a refund?",
              metadata={"tags": "billing"})
        w.remove("old-id")
        w.commit()

Failures raise a subclass of faq.FaqError, one per result code of faq.h.
One KnowledgeBase may be used by many threads at once; a Session belongs to one
conversation (one thread at a time). libfaq.so is found through FAQ_LIBRARY,
then next to this package, then the system's library path.
"""
from __future__ import annotations

import json as _json
import os
from ctypes import byref, c_char_p, c_size_t, c_uint64, c_void_p
from dataclasses import dataclass, field
from typing import Iterable, List, Mapping, Optional, Sequence, Union

from . import _lib
from .errors import (ERRORS, BadInput, Busy, CorruptIndex, FaqError, InternalError, InvalidArgument,
                     InvalidUtf8, IOFailure, NotFound, TooLarge, VersionMismatch, error_for)

__all__ = [
    "open", "build", "writer", "version", "index_format_version",
    "KnowledgeBase", "Session", "Writer", "Result", "Passage", "FollowUp", "IndexInfo",
    "FaqError", "InvalidArgument", "InvalidUtf8", "BadInput", "IOFailure", "NotFound",
    "CorruptIndex", "VersionMismatch", "TooLarge", "InternalError", "Busy", "ERRORS",
]

__version__ = "0.1.0"

_lib_ = _lib.lib
PathLike = Union[str, bytes, "os.PathLike[str]"]
Text = Union[str, bytes]


def version() -> str:
    """The C library's version ("MAJOR.MINOR.PATCH")."""
    return _lib_.faq_version().decode()


def index_format_version() -> int:
    """The index format the library reads and writes."""
    return _lib_.faq_index_format_version()


def _bytes(value: Text) -> bytes:
    # Lone surrogates pass through as bytes the library then refuses with
    # InvalidUtf8, the same error a C caller gets.
    if isinstance(value, bytes):
        return value
    return value.encode("utf-8", "surrogatepass")


def _path(value: PathLike) -> bytes:
    return os.fsencode(value) if not isinstance(value, bytes) else value


def _opt_bytes(value: Optional[Text]) -> Optional[bytes]:
    return None if value is None else _bytes(value)


def _check(code: int, message: str) -> None:
    if code != 0:
        raise error_for(code, message)


# ---- Results ---------------------------------------------------------------

@dataclass(frozen=True)
class Passage:
    """One answer passage, best first in Result.passages."""
    id: str
    score: float          # ranking score, comparable within one result only
    confidence: float     # probability that this passage answers the question
    title: str
    heading: str          # section heading path, joined by " > "
    question: str
    text: str             # the full answer text
    snippet: str          # the best part of text, matched words in <mark>...</mark>
    source: str
    line: int
    url: str


@dataclass(frozen=True)
class FollowUp:
    id: str
    label: str


@dataclass(frozen=True)
class Result:
    """The answer to one question."""
    status: str                 # "answer", "ambiguous" or "no_answer"
    confidence: float           # of the first passage
    passages: List[Passage]
    context: str = ""           # the conversation focus the question was read with
    follow_ups: List[FollowUp] = field(default_factory=list)
    json: str = ""              # the whole result as JSON (as `faq ask --json`)

    @property
    def answered(self) -> bool:
        return self.status == "answer"


@dataclass(frozen=True)
class IndexInfo:
    passages: int
    generation: int


def _result_from(handle: "_lib.Result_p") -> Result:
    lib = _lib_
    n = c_size_t()

    def text(fn, i: int) -> str:
        ptr = fn(handle, i, byref(n))
        return _lib.string_at(ptr, n.value)

    passages = []
    for i in range(lib.faq_result_count(handle)):
        passages.append(Passage(
            id=text(lib.faq_result_id, i),
            score=lib.faq_result_score(handle, i),
            confidence=lib.faq_result_passage_confidence(handle, i),
            title=text(lib.faq_result_title, i),
            heading=text(lib.faq_result_heading, i),
            question=text(lib.faq_result_question, i),
            text=text(lib.faq_result_text, i),
            snippet=text(lib.faq_result_snippet, i),
            source=text(lib.faq_result_source, i),
            line=lib.faq_result_line(handle, i),
            url=text(lib.faq_result_url, i),
        ))
    context = _lib.string_at(lib.faq_result_context(handle, byref(n)), n.value)
    json_text = _lib.string_at(lib.faq_result_json(handle, byref(n)), n.value)
    follow_ups: List[FollowUp] = []
    try:
        follow_ups = [FollowUp(f["id"], f["label"]) for f in _json.loads(json_text).get("follow_ups", [])]
    except (ValueError, KeyError, TypeError):
        pass
    status = lib.faq_status_name(lib.faq_result_status(handle)).decode()
    return Result(status=status, confidence=lib.faq_result_confidence(handle), passages=passages,
                  context=context, follow_ups=follow_ups, json=json_text)


# ---- Handles ---------------------------------------------------------------

class _Owned:
    """Owns one C handle, released by close(), a with block or garbage
    collection. Subclasses name what they are and how the handle is freed."""

    _handle = None
    _kind = "handle"

    def _destroy(self, handle) -> None:
        raise NotImplementedError

    @property
    def closed(self) -> bool:
        return not self._handle

    def close(self) -> None:
        handle = self._handle
        if handle:
            self._handle = None
            self._destroy(handle)

    def _require(self):
        if self.closed:
            raise InvalidArgument(f"the {self._kind} is closed")
        return self._handle

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass


# ---- Sessions --------------------------------------------------------------

class Session(_Owned):
    """Conversation context: lets "how is it treated?" follow "what is X?".
    Pass the same Session to every ask() of one conversation."""

    def __init__(self) -> None:
        self._handle = _lib_.faq_session_create()
        if not self._handle:
            raise MemoryError("faq_session_create")

    @property
    def focus(self) -> str:
        """The title of the document the conversation is about ("" if none)."""
        n = c_size_t()
        return _lib.string_at(_lib_.faq_session_focus(self._require(), byref(n)), n.value)

    @property
    def turns(self) -> int:
        return _lib_.faq_session_turns(self._require())

    def reset(self) -> None:
        """Forgets the context: the next question starts a new topic."""
        _lib_.faq_session_reset(self._require())

    _kind = "session"

    def _destroy(self, handle) -> None:
        _lib_.faq_session_destroy(handle)


# ---- Options ---------------------------------------------------------------

class _Options:
    """faq_options_t for open (rank knobs) and build (language, spelling,
    threads, synonym files, the index's threshold)."""

    def __init__(self, rank: Optional[Mapping[str, float]] = None, language: Optional[str] = None,
                 spelling: Optional[bool] = None, threads: Optional[int] = None,
                 synonyms: Optional[Union[PathLike, Iterable[PathLike]]] = None,
                 threshold: Optional[float] = None) -> None:
        self.handle = _lib_.faq_options_create()
        if not self.handle:
            raise MemoryError("faq_options_create")
        try:
            for name, value in (rank or {}).items():
                code = _lib_.faq_options_set_rank(self.handle, _bytes(name), float(value))
                _check(code, f"unknown ranking parameter {name!r}")
            if language is not None:
                _check(_lib_.faq_options_set_language(self.handle, _bytes(language)),
                       f"bad language {language!r}")
            if spelling is not None:
                _lib_.faq_options_set_spelling(self.handle, 1 if spelling else 0)
            if threads is not None:
                if threads < 0:
                    raise ValueError(f"threads must be 0 (one per core) or more, not {threads}")
                _lib_.faq_options_set_build_threads(self.handle, int(threads))
            if threshold is not None:
                _check(_lib_.faq_options_set_index_threshold(self.handle, float(threshold)),
                       f"threshold must be a confidence from 0 to 1, not {threshold!r}")
            if isinstance(synonyms, (str, bytes, os.PathLike)):
                synonyms = [synonyms]
            for file in synonyms or []:
                err = c_void_p()
                code = _lib_.faq_options_add_synonyms_file(self.handle, _path(file), byref(err))
                message = _lib.take_errmsg(err)
                _check(code, message or "")
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.handle:
            _lib_.faq_options_destroy(self.handle)
            self.handle = None

    def __enter__(self) -> "_Options":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# ---- The knowledge base ----------------------------------------------------

class KnowledgeBase(_Owned):
    """An open index. Thread-safe: one KnowledgeBase may serve many threads
    at once. Use faq.open() to make one; close() (or a with block) releases it."""

    def __init__(self, path: PathLike, rank: Optional[Mapping[str, float]] = None) -> None:
        self.path = os.fsdecode(path) if not isinstance(path, str) else path
        handle = _lib.Engine_p()
        err = c_void_p()
        with _Options(rank=rank) as options:
            code = _lib_.faq_open(_path(path), options.handle, byref(handle), byref(err))
        message = _lib.take_errmsg(err)
        _check(code, message or "")
        self._handle = handle

    def ask(self, question: Text, k: int = 5, session: Optional[Session] = None,
            threshold: Optional[float] = None, tag: Optional[str] = None,
            language: Optional[str] = None, ids_only: bool = False) -> Result:
        """Answers a free-text question.

        k: passages to return (1..100); threshold: confidence needed for status
        "answer", 0..1 (None = the index's, else the default, 0.35; over 1: never "answer"); tag / language: only passages with
        that tag / in that language; session: the conversation's context;
        ids_only: rank only (answers carry id, score and confidence, their
        texts are empty; no stored passage is read).
        Raises InvalidArgument, InvalidUtf8, TooLarge, CorruptIndex, Busy."""
        handle = self._require()
        q = _bytes(question)
        opts = _lib_.faq_ask_options_create()
        if not opts:
            raise MemoryError("faq_ask_options_create")
        result = _lib.Result_p()
        try:
            _lib_.faq_ask_options_set_k(opts, int(k))
            _lib_.faq_ask_options_set_ids_only(opts, 1 if ids_only else 0)
            if threshold is not None:
                _lib_.faq_ask_options_set_threshold(opts, float(threshold))
            if tag is not None:
                _check(_lib_.faq_ask_options_set_tag(opts, _bytes(tag)), f"bad tag {tag!r}")
            if language is not None:
                _check(_lib_.faq_ask_options_set_language(opts, _bytes(language)),
                       f"bad language {language!r}")
            code = _lib_.faq_ask(handle, q, len(q), opts,
                                 session._require() if session is not None else None, byref(result))
            if code != 0:
                raise error_for(code, _lib_.faq_engine_errmsg(handle).decode("utf-8", "replace"))
            return _result_from(result)
        finally:
            _lib_.faq_result_destroy(result)
            _lib_.faq_ask_options_destroy(opts)

    def reopen(self) -> None:
        """Picks up the newest committed index now (ask() also checks once a second)."""
        handle = self._require()
        code = _lib_.faq_engine_reopen(handle)
        if code:
            raise error_for(code, _lib_.faq_engine_errmsg(handle).decode("utf-8", "replace"))

    def info(self) -> IndexInfo:
        handle = self._require()
        passages, generation = c_uint64(), c_uint64()
        code = _lib_.faq_engine_info(handle, byref(passages), byref(generation))
        if code:
            raise error_for(code, _lib_.faq_engine_errmsg(handle).decode("utf-8", "replace"))
        return IndexInfo(passages=passages.value, generation=generation.value)

    def session(self) -> Session:
        """A new conversation (the same as faq.Session())."""
        return Session()

    _kind = "knowledge base"

    def _destroy(self, handle) -> None:
        _lib_.faq_close(handle)

    def __repr__(self) -> str:
        return f"<faq.KnowledgeBase {self.path!r}{' closed' if self.closed else ''}>"


def open(path: PathLike, rank: Optional[Mapping[str, float]] = None) -> KnowledgeBase:  # noqa: A001
    """Opens the index at `path`. Raises NotFound, CorruptIndex, VersionMismatch."""
    return KnowledgeBase(path, rank=rank)


# ---- Building ----------------------------------------------------------------

def build(path: PathLike, inputs: Union[PathLike, Iterable[PathLike]], language: Optional[str] = None,
          spelling: bool = True, threads: int = 0,
          synonyms: Optional[Union[PathLike, Iterable[PathLike]]] = None,
          threshold: Optional[float] = None) -> None:
    """Builds the index `path` from files and directories (.txt, .md, .json,
    .jsonl, .csv, .tsv), atomically replacing what it held. language: ISO
    639-1 code of the passages that do not name theirs (None = detected from
    them, else English; not a language tag such as "de" or "pt-BR":
    InvalidArgument). threads: how many
    analyse and write passages (0 = one per core). synonyms: synonym files,
    one rule per line ("delete, remove, get rid of"; "HFS => hemifacial
    spasm" one way), so that a question with a phrase also asks for its
    synonyms. threshold: the index's own confidence threshold, 0 to 1, for
    questions that set none (None = the default, 0.35).
    Raises NotFound, BadInput (FILE:LINE in the message), IOFailure, Busy, ..."""
    if isinstance(inputs, (str, bytes, os.PathLike)):
        inputs = [inputs]
    paths = [_path(p) for p in inputs]
    array = (c_char_p * max(1, len(paths)))(*paths)
    err = c_void_p()
    with _Options(language=language, spelling=spelling, threads=threads, synonyms=synonyms,
                  threshold=threshold) as options:
        code = _lib_.faq_build(_path(path), array, len(paths), options.handle, byref(err))
    message = _lib.take_errmsg(err)
    _check(code, message or "")


class Writer(_Owned):
    """Builds or updates an index: add (replacing by id), remove, then
    commit() to make the new index visible, atomically. Leaving a with block
    without commit() discards the work. One thread at a time."""

    def __init__(self, path: PathLike, create: bool = False, language: Optional[str] = None,
                 spelling: bool = True, threads: int = 0,
                 synonyms: Optional[Union[PathLike, Iterable[PathLike]]] = None,
                 threshold: Optional[float] = None) -> None:
        handle = _lib.Writer_p()
        err = c_void_p()
        start = _lib_.faq_writer_create if create else _lib_.faq_writer_update
        with _Options(language=language, spelling=spelling, threads=threads, synonyms=synonyms,
                      threshold=threshold) as options:
            code = start(_path(path), options.handle, byref(handle), byref(err))
        message = _lib.take_errmsg(err)
        _check(code, message or "")
        self._handle = handle
        self.generation: Optional[int] = None

    def _fail(self, code: int) -> None:
        if code:
            raise error_for(code, _lib_.faq_writer_errmsg(self._handle).decode("utf-8", "replace"))

    def add(self, id: Text, answer: Text, title: Optional[Text] = None,  # noqa: A002
            question: Optional[Text] = None,
            metadata: Optional[Mapping[str, Union[Text, Sequence[Text]]]] = None) -> None:
        """Adds a record, replacing any passage with the same id. Metadata keys
        "tags" (a list, or a string separated by ; | ,), "tag", "url", "lang",
        "source", "heading" (a list = a heading path), "alternate"; others are
        stored as they are."""
        keys: List[bytes] = []
        values: List[bytes] = []
        for key, value in (metadata or {}).items():
            if isinstance(value, (str, bytes)):
                items = [value]  # "tags": "a; b" is split by the library
            else:
                items = list(value)
                if key == "tags":
                    key = "tag"  # one tag per item
            for item in items:
                keys.append(_bytes(key))
                values.append(_bytes(item))
        n = len(keys)
        key_array = (c_char_p * max(1, n))(*keys)
        value_array = (c_char_p * max(1, n))(*values)
        self._fail(_lib_.faq_writer_add(self._require(), _bytes(id), _opt_bytes(title),
                                        _opt_bytes(question), _bytes(answer),
                                        key_array, value_array, n))

    def add_path(self, path: PathLike) -> int:
        """Adds the passages of a file or directory; returns how many."""
        added = c_size_t()
        self._fail(_lib_.faq_writer_add_path(self._require(), _path(path), byref(added)))
        return added.value

    def remove(self, id: Text) -> None:  # noqa: A002
        """Removes passage `id`; raises NotFound when there is none."""
        self._fail(_lib_.faq_writer_remove(self._require(), _bytes(id)))

    def __len__(self) -> int:
        return _lib_.faq_writer_count(self._require())

    def commit(self) -> int:
        """Makes the new index current, atomically; returns its generation."""
        generation = c_uint64()
        self._fail(_lib_.faq_writer_commit(self._require(), byref(generation)))
        self.generation = generation.value
        return generation.value

    _kind = "writer"

    def _destroy(self, handle) -> None:
        """Releases the writer; uncommitted work is discarded."""
        _lib_.faq_writer_destroy(handle)


def writer(path: PathLike, create: bool = False, language: Optional[str] = None,
           spelling: bool = True, threads: int = 0,
           synonyms: Optional[Union[PathLike, Iterable[PathLike]]] = None,
           threshold: Optional[float] = None) -> Writer:
    """A Writer for `path`: an update of the existing index, or with
    create=True a new, empty one (replacing the old one at commit). threads:
    how many analyse and write passages (0 = one per core). synonyms: synonym
    files, as for build(); an update keeps the index's and adds these.
    threshold: the index's own confidence threshold, as for build(); an
    update keeps the index's unless this sets another."""
    return Writer(path, create=create, language=language, spelling=spelling, threads=threads,
                  synonyms=synonyms, threshold=threshold)
