#!/usr/bin/env python3
"""End-to-end tests of `faq serve` over HTTP (standard library only).

usage: test_serve.py --faq PATH/TO/faq --corpus CORPUS_DIR [unittest args]
"""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request

FAQ = None
CORPUS = None
WORK = None


def read(path):
    with open(path) as f:
        return f.read()


class Server:
    """A `faq serve` process on a free port."""

    def __init__(self, index, *extra):
        self.log_path = os.path.join(WORK, "serve-%d.err" % id(self))
        self.err = open(self.log_path, "w+")
        self.proc = subprocess.Popen([FAQ, "serve", "--index", index, "--port", "0", *extra],
                                     stdout=subprocess.DEVNULL, stderr=self.err)
        deadline = time.time() + 30
        self.port = None
        while time.time() < deadline and self.port is None:
            if self.proc.poll() is not None:
                raise RuntimeError("faq serve exited: " + read(self.log_path))
            m = re.search(r"listening on http://[^:]+:(\d+)/", read(self.log_path))
            if m:
                self.port = int(m.group(1))
            else:
                time.sleep(0.05)
        if self.port is None:
            raise RuntimeError("faq serve did not start: " + read(self.log_path))

    def request(self, method, path, body=None, headers=None, timeout=30):
        """Returns (status, headers dict lowercased, body bytes)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            h = dict(headers or {})
            if isinstance(body, (dict, list)):
                body = json.dumps(body).encode()
                h.setdefault("Content-Type", "application/json")
            elif isinstance(body, str):
                body = body.encode()
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            data = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        finally:
            conn.close()

    def ask(self, question, **fields):
        body = {"question": question, **fields}
        status, _, data = self.request("POST", "/v1/ask", body)
        assert status == 200, (status, data)
        return json.loads(data)

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.err.close()
        return self.proc.returncode

    def stderr(self):
        return read(self.log_path)


def build_index(out):
    subprocess.run([FAQ, "index", "--out", out, CORPUS], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class ServeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.index = os.path.join(WORK, "kb")
        build_index(cls.index)
        cls.feedback = os.path.join(WORK, "feedback.jsonl")
        cls.srv = Server(cls.index, "--log", cls.feedback, "--max-body", "4096",
                         "--cors-origin", "https://allowed.example", "--log-level", "warn")

    @classmethod
    def tearDownClass(cls):
        rc = cls.srv.stop()
        assert rc == 0, "server exit code %s: %s" % (rc, cls.srv.stderr())

    def error_of(self, status, data, want_status, want_code=None):
        self.assertEqual(status, want_status, data)
        err = json.loads(data)["error"]
        self.assertIsInstance(err["message"], str)
        self.assertTrue(err["message"])
        if want_code:
            self.assertEqual(err["code"], want_code, data)
        return err

    # ---- endpoints --------------------------------------------------------
    def test_ask_answer(self):
        r = self.srv.ask("What causes facial spasm?")
        self.assertEqual(r["status"], "answer")
        self.assertGreater(r["confidence"], 0.5)
        self.assertRegex(r["session"], r"^[0-9a-f]{32}$")
        a = r["answers"][0]
        for field in ("id", "text", "snippet", "title", "heading", "source", "url", "confidence"):
            self.assertIn(field, a)
        self.assertIn("facial-spasm.txt", a["source"])
        self.assertIn("<mark>", a["snippet"])
        self.assertRegex(a["heading"], "(?i)cause")
        self.assertTrue(r["follow_ups"])
        self.assertIn("label", r["follow_ups"][0])

    def test_session_follow_up(self):
        first = self.srv.ask("What causes facial spasm?")
        second = self.srv.ask("how is it treated?", session=first["session"])
        self.assertEqual(second["session"], first["session"])
        self.assertTrue(second.get("context"), second)
        self.assertRegex(second["answers"][0]["text"], "(?i)treat")
        self.assertIn("facial-spasm.txt", second["answers"][0]["source"])
        # Unknown session ids start a new conversation with a new id.
        third = self.srv.ask("how is it treated?", session="nope")
        self.assertNotEqual(third["session"], "nope")

    def test_ask_k_and_filters(self):
        r = self.srv.ask("facial spasm", k=1)
        self.assertEqual(len(r["answers"]), 1)
        r = self.srv.ask("facial spasm", k=2, filters={"tag": "no-such-tag"})
        self.assertIn(r["status"], ("answer", "ambiguous", "no_answer"))

    def test_no_answer_goes_to_log_and_report(self):
        q = "How do I renew my passport at the zorblax office?"
        r = self.srv.ask(q)
        self.assertIn(r["status"], ("no_answer", "ambiguous"))
        self.srv.ask("zorblax office: how do I renew my passport??")
        with open(self.feedback) as f:
            records = [json.loads(line) for line in f]
        self.assertTrue(any(rec["question"] == q for rec in records))
        out = subprocess.run([FAQ, "report", "--log", self.feedback, "--json"], check=True,
                             capture_output=True, text=True).stdout
        groups = json.loads(out)["groups"]
        g = [g for g in groups if "zorblax" in g["key"]]
        self.assertEqual(len(g), 1, groups)
        self.assertGreaterEqual(g[0]["count"], 2)
        text = subprocess.run([FAQ, "report", "--log", self.feedback], check=True,
                              capture_output=True, text=True).stdout
        self.assertIn("zorblax", text)

    def test_feedback(self):
        r = self.srv.ask("What causes facial spasm?")
        aid = r["answers"][0]["id"]
        status, _, data = self.srv.request("POST", "/v1/feedback",
                                           {"session": r["session"], "answer_id": aid, "helpful": True})
        self.assertEqual(status, 200, data)
        self.assertFalse(json.loads(data)["logged"])
        status, _, data = self.srv.request("POST", "/v1/feedback",
                                           {"session": r["session"], "answer_id": aid, "helpful": False})
        self.assertEqual(status, 200, data)
        self.assertTrue(json.loads(data)["logged"])
        with open(self.feedback) as f:
            last = [json.loads(line) for line in f][-1]
        self.assertEqual(last["kind"], "not_helpful")
        self.assertEqual(last["question"], "What causes facial spasm?")
        self.assertEqual(last["answer_id"], aid)
        status, _, data = self.srv.request("POST", "/v1/feedback",
                                           {"session": "0" * 32, "answer_id": aid, "helpful": False})
        self.error_of(status, data, 404, "unknown_session")
        status, _, data = self.srv.request("POST", "/v1/feedback",
                                           {"session": r["session"], "answer_id": "x#9", "helpful": False})
        self.error_of(status, data, 404, "unknown_answer")
        status, _, data = self.srv.request("POST", "/v1/feedback",
                                           {"session": r["session"], "answer_id": aid, "helpful": "no"})
        self.error_of(status, data, 400, "wrong_type")

    def test_health_info_metrics(self):
        status, h, data = self.srv.request("GET", "/v1/health")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(data)["status"], "ok")
        status, h, data = self.srv.request("GET", "/v1/info")
        self.assertEqual(status, 200)
        info = json.loads(data)
        self.assertGreater(info["index"]["passages"], 100)
        self.assertGreaterEqual(info["index"]["generation"], 1)
        self.assertRegex(info["index"]["built_at"], r"^\d{4}-\d\d-\d\dT")
        self.assertEqual(info["index"]["synonym_keys"], 0)
        self.assertEqual(info["index"]["threshold"], 0.35)  # the default: the index sets none
        self.srv.ask("What causes facial spasm?")
        self.srv.request("GET", "/nope")
        # A request is counted once its response has been written, so the
        # client can be a moment ahead of the counters.
        for _ in range(50):
            status, h, data = self.srv.request("GET", "/metrics")
            if re.search(r'endpoint="other",code="404"\} [1-9]', data.decode()):
                break
            time.sleep(0.1)
        self.assertEqual(status, 200)
        self.assertTrue(h["content-type"].startswith("text/plain"))
        text = data.decode()
        self.assertRegex(text, r'faq_http_requests_total\{endpoint="/v1/ask",code="200"\} [1-9]')
        self.assertRegex(text, r'faq_http_requests_total\{endpoint="other",code="404"\} [1-9]')
        self.assertRegex(text, r'faq_http_request_duration_seconds_bucket\{endpoint="/v1/ask",le="\+Inf"\} [1-9]')
        self.assertRegex(text, r'faq_answers_total\{status="answer"\} [1-9]')
        self.assertIn("faq_index_generation ", text)
        self.assertIn("# TYPE faq_http_request_duration_seconds histogram", text)

    def test_static_assets(self):
        status, h, data = self.srv.request("GET", "/")
        self.assertEqual(status, 200)
        self.assertTrue(h["content-type"].startswith("text/html"))
        self.assertIn(b'src="/widget.js"', data)
        self.assertIn("content-security-policy", h)
        status, h, data = self.srv.request("GET", "/widget.js")
        self.assertEqual(status, 200)
        self.assertIn("javascript", h["content-type"])
        self.assertIn(b"FAQWidget", data)
        with open(os.path.join(os.path.dirname(__file__), "..", "..", "tools", "web", "widget.js"), "rb") as f:
            self.assertEqual(data, f.read())
        status, h, data = self.srv.request("GET", "/widget.css")
        self.assertEqual(status, 200)
        self.assertIn("text/css", h["content-type"])

    def test_not_found_and_method(self):
        status, _, data = self.srv.request("GET", "/v1/nothing")
        self.error_of(status, data, 404, "not_found")
        status, h, data = self.srv.request("GET", "/v1/ask")
        self.error_of(status, data, 405, "method_not_allowed")
        self.assertIn("POST", h["allow"])

    # ---- bad requests ----------------------------------------------------
    def post_raw(self, body, content_type="application/json", path="/v1/ask"):
        return self.srv.request("POST", path, body, {"Content-Type": content_type})

    def test_malformed_json(self):
        for body in [b"{", b"not json", b'{"question": "a",}', b"", b'{"question": "a"} x']:
            status, _, data = self.post_raw(body)
            self.error_of(status, data, 400, "malformed_json")

    def test_post_without_length(self):
        # No Content-Length and no chunks: refused at once, not after the
        # read times out.
        import socket
        s = socket.create_connection(("127.0.0.1", self.srv.port), timeout=3)
        try:
            s.sendall(b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n")
            reply = b""
            while b"\r\n\r\n" not in reply or not reply.rstrip().endswith(b"}"):
                chunk = s.recv(4096)
                if not chunk:
                    break
                reply += chunk
        finally:
            s.close()
        self.assertTrue(reply.startswith(b"HTTP/1.1 411"), reply)
        self.assertIn(b'"length_required"', reply)

    def test_not_an_object(self):
        for body in [b"[]", b'"question"', b"42", b"null"]:
            status, _, data = self.post_raw(body)
            self.error_of(status, data, 400, "bad_request")

    def test_wrong_types(self):
        for body in [{"question": 42}, {"question": ["a"]}, {"question": "a", "k": "3"},
                     {"question": "a", "k": 2.5}, {"question": "a", "k": True},
                     {"question": "a", "session": 7}, {"question": "a", "filters": ["tag"]},
                     {"question": "a", "filters": {"tag": 1}}]:
            status, _, data = self.post_raw(json.dumps(body))
            self.error_of(status, data, 400, "wrong_type")

    def test_bad_values(self):
        for body in [{"question": "a", "k": 0}, {"question": "a", "k": 1000}, {"question": "   "},
                     {"question": "a", "session": "x" * 100}]:
            status, _, data = self.post_raw(json.dumps(body))
            self.error_of(status, data, 400, "bad_value")

    def test_missing_question(self):
        for body in [{}, {"session": "abc"}, {"question": None}]:
            status, _, data = self.post_raw(json.dumps(body))
            self.error_of(status, data, 400, "missing_field")

    def test_unknown_fields(self):
        status, _, data = self.post_raw(json.dumps({"question": "a", "colour": "red"}))
        err = self.error_of(status, data, 400, "unknown_field")
        self.assertIn("colour", err["message"])
        status, _, data = self.post_raw(json.dumps({"question": "a", "filters": {"size": "x"}}))
        self.error_of(status, data, 400, "unknown_field")

    def test_invalid_utf8(self):
        for body in [b'{"question": "caf\xe9"}', b'{"question": "\xed\xa0\x80"}', b'{"question": "\xc0\xaf"}']:
            status, _, data = self.post_raw(body)
            self.error_of(status, data, 400, "invalid_utf8")

    def test_huge_body(self):
        body = json.dumps({"question": "a" * 100000}).encode()
        status, _, data = self.post_raw(body)
        self.error_of(status, data, 413)
        # The server still answers afterwards.
        self.assertEqual(self.srv.ask("What causes facial spasm?")["status"], "answer")

    def test_deep_nesting(self):
        status, _, data = self.post_raw(b'{"question": "a", "filters": ' + b"[" * 1000 + b"]" * 1000 + b"}")
        self.error_of(status, data, 400)

    def test_wrong_content_type(self):
        status, _, data = self.post_raw(json.dumps({"question": "a"}), content_type="text/plain")
        self.error_of(status, data, 415, "unsupported_media_type")

    def test_cors(self):
        status, h, _ = self.srv.request("OPTIONS", "/v1/ask", headers={
            "Origin": "https://allowed.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        self.assertEqual(status, 204)
        self.assertEqual(h["access-control-allow-origin"], "https://allowed.example")
        self.assertIn("POST", h["access-control-allow-methods"])
        self.assertIn("Content-Type", h["access-control-allow-headers"])
        status, h, data = self.srv.request("OPTIONS", "/v1/ask", headers={
            "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
        self.error_of(status, data, 403, "cors_forbidden")
        self.assertNotIn("access-control-allow-origin", h)
        status, h, _ = self.srv.request("POST", "/v1/ask", {"question": "facial spasm"},
                                        {"Origin": "https://allowed.example"})
        self.assertEqual(status, 200)
        self.assertEqual(h["access-control-allow-origin"], "https://allowed.example")
        status, h, _ = self.srv.request("POST", "/v1/ask", {"question": "facial spasm"},
                                        {"Origin": "https://evil.example"})
        self.assertNotIn("access-control-allow-origin", h)

    def test_garbage_connection_does_not_hurt(self):
        import socket
        s = socket.create_connection(("127.0.0.1", self.srv.port))
        s.sendall(b"\x00\x01\x02 garbage\r\n\r\n")
        s.close()
        s = socket.create_connection(("127.0.0.1", self.srv.port))  # idle, never sends
        try:
            self.assertEqual(self.srv.request("GET", "/v1/health", timeout=5)[0], 200)
        finally:
            s.close()

    def test_concurrent_clients(self):
        failures = []

        def worker(n):
            try:
                for _ in range(5):
                    r = self.srv.ask("What causes facial spasm?" if n % 2 else "how is it treated?")
                    if r["status"] not in ("answer", "ambiguous", "no_answer"):
                        failures.append(r)
            except Exception as e:  # noqa: BLE001
                failures.append(e)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])


class AuthTest(unittest.TestCase):
    def test_api_key(self):
        index = os.path.join(WORK, "kb-auth")
        build_index(index)
        srv = Server(index, "--api-key", "s3cret", "--no-log")
        try:
            q = {"question": "facial spasm"}
            for headers in [{}, {"Authorization": "Bearer wrong"}, {"X-API-Key": "s3cre"},
                            {"Authorization": "Basic s3cret"}]:
                status, h, data = srv.request("POST", "/v1/ask", q, headers)
                self.assertEqual(status, 401, data)
                self.assertEqual(json.loads(data)["error"]["code"], "unauthorized")
                self.assertIn("www-authenticate", h)
            self.assertEqual(srv.request("POST", "/v1/ask", q, {"Authorization": "Bearer s3cret"})[0], 200)
            self.assertEqual(srv.request("POST", "/v1/ask", q, {"X-API-Key": "s3cret"})[0], 200)
            self.assertEqual(srv.request("GET", "/v1/info")[0], 401)
            self.assertEqual(srv.request("GET", "/v1/info", headers={"X-API-Key": "s3cret"})[0], 200)
            self.assertEqual(srv.request("GET", "/metrics")[0], 401)
            self.assertEqual(srv.request("GET", "/metrics", headers={"Authorization": "Bearer s3cret"})[0], 200)
            self.assertEqual(srv.request("GET", "/v1/health")[0], 200)  # probes need no key
            self.assertEqual(srv.request("GET", "/")[0], 200)
        finally:
            self.assertEqual(srv.stop(), 0)


class RateLimitTest(unittest.TestCase):
    def test_rate_limit(self):
        index = os.path.join(WORK, "kb-rate")
        build_index(index)
        srv = Server(index, "--rate-limit", "2", "--no-log")
        try:
            codes = [srv.request("POST", "/v1/ask", {"question": "facial spasm"}) for _ in range(8)]
            statuses = [c[0] for c in codes]
            self.assertIn(200, statuses)
            self.assertIn(429, statuses)
            limited = [c for c in codes if c[0] == 429][0]
            self.assertEqual(json.loads(limited[2])["error"]["code"], "rate_limited")
            self.assertGreaterEqual(int(limited[1]["retry-after"]), 1)
            self.assertEqual(srv.request("GET", "/v1/health")[0], 200)  # not limited
            time.sleep(1.2)
            self.assertEqual(srv.request("POST", "/v1/ask", {"question": "facial spasm"})[0], 200)
        finally:
            self.assertEqual(srv.stop(), 0)


class LifecycleTest(unittest.TestCase):
    def test_hot_reload_under_load(self):
        index = os.path.join(WORK, "kb-reload")
        build_index(index)
        srv = Server(index, "--no-log", "--log-level", "info")
        stop = threading.Event()
        results = {"ok": 0, "fail": []}
        lock = threading.Lock()

        def client():
            while not stop.is_set():
                try:
                    status, _, data = srv.request("POST", "/v1/ask", {"question": "What causes facial spasm?"})
                    ok = status == 200 and json.loads(data)["status"] == "answer"
                    with lock:
                        if ok:
                            results["ok"] += 1
                        else:
                            results["fail"].append((status, data[:200]))
                except Exception as e:  # noqa: BLE001
                    with lock:
                        results["fail"].append(repr(e))

        try:
            gen0 = json.loads(srv.request("GET", "/v1/info")[2])["index"]["generation"]
            threads = [threading.Thread(target=client) for _ in range(4)]
            for t in threads:
                t.start()
            time.sleep(0.5)
            for _ in range(2):
                build_index(index)  # a new generation in the same directory, swapped atomically
                time.sleep(1.5)
            time.sleep(1.0)
            stop.set()
            for t in threads:
                t.join()
            gen1 = json.loads(srv.request("GET", "/v1/info")[2])["index"]["generation"]
            self.assertEqual(results["fail"], [])
            self.assertGreater(results["ok"], 10)
            self.assertGreaterEqual(gen1, gen0 + 2)
            self.assertEqual(srv.ask("What causes facial spasm?")["status"], "answer")
        finally:
            self.assertEqual(srv.stop(), 0)

    def test_graceful_shutdown(self):
        index = os.path.join(WORK, "kb-stop")
        build_index(index)
        for sig in (signal.SIGTERM, signal.SIGINT):
            srv = Server(index, "--no-log")
            done = []

            def client():
                try:
                    done.append(srv.request("POST", "/v1/ask", {"question": "What causes facial spasm?"})[0])
                except Exception as e:  # noqa: BLE001
                    done.append(repr(e))

            threads = [threading.Thread(target=client) for _ in range(4)]
            for t in threads:
                t.start()
            time.sleep(0.01)
            rc = srv.stop(sig)
            for t in threads:
                t.join()
            self.assertEqual(rc, 0, srv.stderr())
            # Requests either completed or were never served; none got a broken answer.
            # Never served: refused, reset, or (a connection the server had taken from the
            # listen queue but not begun to read when it stopped: cpp-httplib closes those)
            # closed before a single byte of a response.
            for d in done:
                self.assertTrue(d == 200 or "Connection" in str(d) or "refused" in str(d)
                                or "RemoteDisconnected" in str(d), done)

    def test_bad_index(self):
        p = subprocess.run([FAQ, "serve", "--index", os.path.join(WORK, "missing"), "--port", "0"],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(p.returncode, 1)
        self.assertIn("faq serve", p.stderr)

    def test_busy_port(self):
        # A second server on a port in use must fail, not share the port.
        index = os.path.join(WORK, "kb-busy")
        build_index(index)
        srv = Server(index, "--no-log")
        try:
            p = subprocess.run([FAQ, "serve", "--index", index, "--port", str(srv.port), "--no-log"],
                               capture_output=True, text=True, timeout=30)
            self.assertEqual(p.returncode, 1, p.stderr)
            self.assertIn("cannot listen on 127.0.0.1:%d" % srv.port, p.stderr)
            self.assertIn(srv.ask("what causes hemifacial spasm")["status"], ("answer", "ambiguous"))
        finally:
            self.assertEqual(srv.stop(), 0)

    def test_bad_options(self):
        for args in (["--port", "x"], ["--log-level", "loud"], ["--frobnicate", "1"]):
            p = subprocess.run([FAQ, "serve", *args], capture_output=True, text=True, timeout=30)
            self.assertEqual(p.returncode, 2, (args, p.stderr))


class ReportTest(unittest.TestCase):
    def test_grouping(self):
        log = os.path.join(WORK, "report.jsonl")
        lines = [
            {"kind": "no_answer", "question": "How do I reset my password?"},
            {"kind": "no_answer", "question": "how do i reset my PASSWORD"},
            {"kind": "not_helpful", "question": "Reset password: how?"},
            {"kind": "ambiguous", "question": "What are the opening hours?"},
            {"kind": "no_answer", "question": "opening hour"},
            {"kind": "no_answer", "question": "Where is the parking lot?"},
        ]
        with open(log, "w") as f:
            for rec in lines:
                f.write(json.dumps({"time": "2024-01-01T00:00:00Z", **rec}) + "\n")
            f.write("not json\n")
        out = json.loads(subprocess.run([FAQ, "report", "--log", log, "--json"], check=True,
                                        capture_output=True, text=True).stdout)
        self.assertEqual(out["bad_lines"], 1)
        groups = out["groups"]
        self.assertEqual([g["count"] for g in groups], [3, 2, 1])
        self.assertEqual(groups[0]["kinds"], {"no_answer": 2, "not_helpful": 1})
        self.assertIn("password", groups[0]["question"].lower())
        self.assertEqual(groups[1]["key"], "hour opening")
        out = json.loads(subprocess.run([FAQ, "report", "--log", log, "--json", "--min-count", "2"],
                                        check=True, capture_output=True, text=True).stdout)
        self.assertEqual(len(out["groups"]), 2)
        p = subprocess.run([FAQ, "report", "--log", os.path.join(WORK, "none.jsonl")],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 1)


def main():
    global FAQ, CORPUS, WORK
    ap = argparse.ArgumentParser()
    ap.add_argument("--faq", required=True)
    ap.add_argument("--corpus", required=True)
    args, rest = ap.parse_known_args()
    FAQ, CORPUS = os.path.abspath(args.faq), os.path.abspath(args.corpus)
    WORK = tempfile.mkdtemp(prefix="faq-http-test-")
    try:
        prog = unittest.main(argv=[sys.argv[0], *rest], exit=False, verbosity=2)
        ok = prog.result.wasSuccessful()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
