"""Loading libfaq.so and declaring the C API's prototypes (faq.h) for ctypes.

The library is looked up, in order:
  1. the FAQ_LIBRARY environment variable (a path to libfaq.so),
  2. next to this package (faq/libfaq.so*, as a bundled copy),
  3. the system's library path (ctypes.util.find_library("faq"), libfaq.so.0).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import glob
import os
from ctypes import (POINTER, c_char_p, c_double, c_int, c_size_t, c_uint, c_uint64, c_void_p)
from typing import Optional

# Opaque handles: typed pointers so that a session is never passed as an engine.
class _Engine(ctypes.Structure):
    pass


class _Options(ctypes.Structure):
    pass


class _AskOptions(ctypes.Structure):
    pass


class _Session(ctypes.Structure):
    pass


class _Result(ctypes.Structure):
    pass


class _Writer(ctypes.Structure):
    pass


Engine_p = POINTER(_Engine)
Options_p = POINTER(_Options)
AskOptions_p = POINTER(_AskOptions)
Session_p = POINTER(_Session)
Result_p = POINTER(_Result)
Writer_p = POINTER(_Writer)

# Strings the library allocates (error messages) come back as c_void_p so that
# they can be handed to faq_free() after copying.
_errmsg_p = POINTER(c_void_p)

_PROTOTYPES = {
    # name: (restype, argtypes)
    "faq_version": (c_char_p, []),
    "faq_version_number": (c_int, []),
    "faq_index_format_version": (c_int, []),
    "faq_errstr": (c_char_p, [c_int]),
    "faq_free": (None, [c_void_p]),
    "faq_options_create": (Options_p, []),
    "faq_options_destroy": (None, [Options_p]),
    "faq_options_set_rank": (c_int, [Options_p, c_char_p, c_double]),
    "faq_options_set_language": (c_int, [Options_p, c_char_p]),
    "faq_options_set_spelling": (None, [Options_p, c_int]),
    "faq_options_set_build_threads": (None, [Options_p, c_uint]),
    "faq_options_set_index_threshold": (c_int, [Options_p, c_double]),
    "faq_options_add_synonyms_file": (c_int, [Options_p, c_char_p, _errmsg_p]),
    "faq_open": (c_int, [c_char_p, Options_p, POINTER(Engine_p), _errmsg_p]),
    "faq_close": (None, [Engine_p]),
    "faq_engine_errmsg": (c_char_p, [Engine_p]),
    "faq_engine_reopen": (c_int, [Engine_p]),
    "faq_engine_info": (c_int, [Engine_p, POINTER(c_uint64), POINTER(c_uint64)]),
    "faq_ask_options_create": (AskOptions_p, []),
    "faq_ask_options_destroy": (None, [AskOptions_p]),
    "faq_ask_options_set_k": (None, [AskOptions_p, c_int]),
    "faq_ask_options_set_threshold": (None, [AskOptions_p, c_double]),
    "faq_ask_options_set_ids_only": (None, [AskOptions_p, c_int]),
    "faq_ask_options_set_language": (c_int, [AskOptions_p, c_char_p]),
    "faq_ask_options_set_tag": (c_int, [AskOptions_p, c_char_p]),
    "faq_ask": (c_int, [Engine_p, c_char_p, c_size_t, AskOptions_p, Session_p, POINTER(Result_p)]),
    "faq_status_name": (c_char_p, [c_int]),
    "faq_result_destroy": (None, [Result_p]),
    "faq_result_count": (c_size_t, [Result_p]),
    "faq_result_status": (c_int, [Result_p]),
    "faq_result_confidence": (c_double, [Result_p]),
    "faq_result_context": (c_void_p, [Result_p, POINTER(c_size_t)]),
    "faq_result_json": (c_void_p, [Result_p, POINTER(c_size_t)]),
    "faq_result_id": (c_void_p, [Result_p, c_size_t, POINTER(c_size_t)]),
    "faq_result_score": (c_double, [Result_p, c_size_t]),
    "faq_result_passage_confidence": (c_double, [Result_p, c_size_t]),
    "faq_result_title": (c_void_p, [Result_p, c_size_t, POINTER(c_size_t)]),
    "faq_result_heading": (c_void_p, [Result_p, c_size_t, POINTER(c_size_t)]),
    "faq_result_question": (c_void_p, [Result_p, c_size_t, POINTER(c_size_t)]),
    "faq_result_text": (c_void_p, [Result_p, c_size_t, POINTER(c_size_t)]),
    "faq_result_snippet": (c_void_p, [Result_p, c_size_t, POINTER(c_size_t)]),
    "faq_result_source": (c_void_p, [Result_p, c_size_t, POINTER(c_size_t)]),
    "faq_result_line": (c_int, [Result_p, c_size_t]),
    "faq_result_url": (c_void_p, [Result_p, c_size_t, POINTER(c_size_t)]),
    "faq_session_create": (Session_p, []),
    "faq_session_destroy": (None, [Session_p]),
    "faq_session_reset": (None, [Session_p]),
    "faq_session_focus": (c_void_p, [Session_p, POINTER(c_size_t)]),
    "faq_session_turns": (c_int, [Session_p]),
    "faq_build": (c_int, [c_char_p, POINTER(c_char_p), c_size_t, Options_p, _errmsg_p]),
    "faq_writer_create": (c_int, [c_char_p, Options_p, POINTER(Writer_p), _errmsg_p]),
    "faq_writer_update": (c_int, [c_char_p, Options_p, POINTER(Writer_p), _errmsg_p]),
    "faq_writer_destroy": (None, [Writer_p]),
    "faq_writer_errmsg": (c_char_p, [Writer_p]),
    "faq_writer_add": (c_int, [Writer_p, c_char_p, c_char_p, c_char_p, c_char_p,
                               POINTER(c_char_p), POINTER(c_char_p), c_size_t]),
    "faq_writer_add_path": (c_int, [Writer_p, c_char_p, POINTER(c_size_t)]),
    "faq_writer_remove": (c_int, [Writer_p, c_char_p]),
    "faq_writer_count": (c_uint64, [Writer_p]),
    "faq_writer_commit": (c_int, [Writer_p, POINTER(c_uint64)]),
}


def _candidates() -> list:
    found = []
    env = os.environ.get("FAQ_LIBRARY")
    if env:
        return [env]  # an explicit choice is not second-guessed
    here = os.path.dirname(os.path.abspath(__file__))
    found += sorted(glob.glob(os.path.join(here, "libfaq.so*")), key=len)
    system = ctypes.util.find_library("faq")
    if system:
        found.append(system)
    found += ["libfaq.so.0", "libfaq.so"]
    return found


def _load() -> ctypes.CDLL:
    errors = []
    for path in _candidates():
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            errors.append(f"{path}: {e}")
            continue
        for name, (restype, argtypes) in _PROTOTYPES.items():
            fn = getattr(lib, name)
            fn.restype = restype
            fn.argtypes = argtypes
        return lib
    raise ImportError("cannot load libfaq.so (set FAQ_LIBRARY to its path): " + "; ".join(errors))


lib: ctypes.CDLL = _load()


def take_errmsg(ptr: c_void_p) -> Optional[str]:
    """Copies and frees a message the library allocated for an errmsg out-parameter."""
    if not ptr.value:
        return None
    try:
        return ctypes.string_at(ptr.value).decode("utf-8", "replace")
    finally:
        lib.faq_free(ptr)
        ptr.value = None


def string_at(ptr: Optional[int], length: int) -> str:
    """A pointer + length the library handed out, as str."""
    if not ptr:
        return ""
    return ctypes.string_at(ptr, length).decode("utf-8", "replace")
