"""Tests of the Python package `faq` (bindings/python) over libfaq.so.

Run by ctest with FAQ_LIBRARY pointing at the built library and PYTHONPATH
at bindings/python; by hand:
  FAQ_LIBRARY=build/libfaq.so PYTHONPATH=bindings/python python3 -m unittest discover tests/python
"""
import os
import shutil
import tempfile
import threading
import unittest

import faq

ROOT = os.environ.get("FAQ_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "corpus")
SEED = os.path.join(ROOT, "tests", "fixtures", "ingest", "seed.txt")


class Base(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="faq-py-")
        cls.corpus_index = os.path.join(cls.tmp, "corpus.index")
        faq.build(cls.corpus_index, [CORPUS])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def records_index(self, name="records.index"):
        path = os.path.join(self.tmp, name)
        with faq.writer(path, create=True, language="en") as w:
            w.add("refund-1", "Write to us within 30 days of purchase and we refund the full price.",
                  title="Refund policy", question="How do I get a refund?",
                  metadata={"tags": ["billing", "money"], "url": "https://example.org/refunds",
                            "heading": ["Payments", "Refunds"], "source": "refunds.md", "owner": "support"})
            w.add("password-1", "Use the 'forgot password' link on the sign-in page.",
                  title="Accounts", question="How do I reset my password?", metadata={"tags": "account; login"})
            w.add("temp", "Removed again.")
            self.assertEqual(len(w), 3)
            w.remove("temp")
            generation = w.commit()
            self.assertGreaterEqual(generation, 1)
            self.assertEqual(w.generation, generation)
        return path


class TestModule(Base):
    def test_version(self):
        self.assertEqual(faq.version(), faq.__version__)
        self.assertGreaterEqual(faq.index_format_version(), 1)

    def test_error_classes(self):
        self.assertEqual(sorted(faq.ERRORS), list(range(1, 11)))
        for code, cls in faq.ERRORS.items():
            self.assertTrue(issubclass(cls, faq.FaqError))
            self.assertEqual(cls.code, code)
        self.assertTrue(issubclass(faq.InvalidArgument, ValueError))
        self.assertTrue(issubclass(faq.IOFailure, OSError))


class TestAsk(Base):
    def test_answer(self):
        with faq.open(self.corpus_index) as kb:
            r = kb.ask("What is hemifacial spasm?", k=3)
            self.assertIsInstance(r, faq.Result)
            self.assertEqual(r.status, "answer")
            self.assertTrue(r.answered)
            self.assertTrue(0 < r.confidence <= 1)
            self.assertLessEqual(len(r.passages), 3)
            p = r.passages[0]
            self.assertIsInstance(p, faq.Passage)
            self.assertIn("Spasm", p.title)
            self.assertTrue(p.text and p.snippet and p.id and p.source)
            self.assertEqual(p.confidence, r.confidence)
            self.assertIn('"status"', r.json)
            self.assertTrue(all(isinstance(f, faq.FollowUp) for f in r.follow_ups))
            info = kb.info()
            self.assertGreater(info.passages, 100)
        self.assertTrue(kb.closed)
        with self.assertRaises(faq.InvalidArgument):
            kb.ask("anything")
        kb.close()  # twice is harmless

    def test_record_fields_and_filters(self):
        path = self.records_index()
        with faq.open(path) as kb:
            p = kb.ask("refund for my purchase").passages[0]
            self.assertEqual(p.id, "refund-1")
            self.assertEqual(p.heading, "Payments > Refunds")
            self.assertEqual(p.url, "https://example.org/refunds")
            self.assertEqual(p.source, "refunds.md")
            self.assertIn("<mark>", p.snippet)
            self.assertEqual([q.id for q in kb.ask("refund password", tag="login").passages], ["password-1"])
            self.assertEqual([q.id for q in kb.ask("refund password", tag="money").passages], ["refund-1"])
            self.assertEqual(kb.ask("password", language="ja").passages, [])
            self.assertEqual(len(kb.ask("password refund", k=1).passages), 1)
            self.assertNotEqual(kb.ask("how do I reset my password?", threshold=1.01).status, "answer")
            full = kb.ask("password refund", k=3)
            ranked = kb.ask("password refund", k=3, ids_only=True)
            self.assertEqual([q.id for q in ranked.passages], [q.id for q in full.passages])
            self.assertEqual((ranked.status, ranked.confidence), (full.status, full.confidence))
            self.assertTrue(all(q.text == "" and q.title == "" for q in ranked.passages))

    def test_session(self):
        with faq.open(self.corpus_index) as kb, faq.Session() as chat:
            kb.ask("What is hemifacial spasm?", session=chat)
            self.assertEqual(chat.turns, 1)
            self.assertIn("Spasm", chat.focus)
            r = kb.ask("how is it treated?", session=chat)
            self.assertTrue(r.context)
            self.assertIn("pasm", r.passages[0].title)
            chat.reset()
            self.assertEqual((chat.turns, chat.focus), (0, ""))
        with self.assertRaises(faq.InvalidArgument):
            chat.turns

    def test_errors(self):
        with faq.open(self.corpus_index) as kb:
            for k in (0, 101):
                with self.assertRaises(faq.InvalidArgument) as cm:
                    kb.ask("x", k=k)
                self.assertIn("k must be", str(cm.exception))
                self.assertEqual(cm.exception.code, 1)
            with self.assertRaises(faq.InvalidUtf8) as cm:
                kb.ask(b"abc\xff")
            self.assertIn("byte 3", cm.exception.message)
            with self.assertRaises(faq.InvalidUtf8):
                kb.ask("lone \udc80 surrogate")
            with self.assertRaises(faq.InvalidUtf8):
                kb.ask("x", tag=b"\xc3\x28")
            with self.assertRaises(faq.TooLarge):
                kb.ask("a" * 10001)
        with self.assertRaises(faq.NotFound):
            faq.open(os.path.join(self.tmp, "missing"))
        with self.assertRaises(faq.InvalidArgument):
            faq.open(self.corpus_index, rank={"no_such_knob": 1})
        corrupt = os.path.join(self.tmp, "corrupt")
        os.makedirs(os.path.join(corrupt, "garbage"))
        with open(os.path.join(corrupt, "garbage", "iamglass"), "w") as f:
            f.write("not a database")
        with open(os.path.join(corrupt, "XAPIANDB"), "w") as f:
            f.write("auto garbage\n")
        with self.assertRaises(faq.CorruptIndex):
            faq.open(corrupt)
        with self.assertRaises(faq.FaqError):
            faq.open(corrupt)

    def test_threads(self):
        errors = []
        with faq.open(self.corpus_index, rank={"candidates": 50}) as kb:
            def run(q):
                try:
                    for _ in range(5):
                        assert kb.ask(q).passages
                except Exception as e:  # pragma: no cover
                    errors.append(e)
            threads = [threading.Thread(target=run, args=(q,)) for q in
                       ("hemifacial spasm", "migraine", "epilepsy", "stroke")]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        self.assertEqual(errors, [])


class TestBuild(Base):
    def test_build_from_files(self):
        path = os.path.join(self.tmp, "seed.index")
        faq.build(path, SEED)
        with faq.open(path) as kb:
            p = kb.ask("how to treat facial spasm").passages[0]
            self.assertTrue(p.source.endswith("seed.txt"))
            self.assertGreater(p.line, 0)
        with self.assertRaises(faq.NotFound):
            faq.build(path, [os.path.join(self.tmp, "no-such-file.txt")])
        with self.assertRaises(faq.InvalidArgument):
            faq.build(path, [])
        bad = os.path.join(self.tmp, "bad.jsonl")
        with open(bad, "w") as f:
            f.write('{"id": "a", "question": "q", "answer": "a"}\n{broken\n')
        with self.assertRaises(faq.BadInput) as cm:
            faq.build(path, [bad])
        self.assertIn("bad.jsonl:2", str(cm.exception))

    def test_build_threads(self):
        # Any number of writer threads builds the same index.
        answers = []
        for threads in (1, 3):
            path = os.path.join(self.tmp, f"seed-{threads}.index")
            faq.build(path, SEED, threads=threads)
            with faq.open(path) as kb:
                answers.append([p.id for p in kb.ask("how to treat facial spasm").passages])
        self.assertEqual(answers[0], answers[1])
        with self.assertRaises(ValueError):
            faq.build(os.path.join(self.tmp, "never.index"), SEED, threads=-1)

    def test_build_with_threshold(self):
        # The index's own threshold decides for questions that set none.
        path = os.path.join(self.tmp, "strict.index")
        faq.build(path, SEED, threshold=1.0)
        with faq.open(path) as kb:
            self.assertEqual(kb.ask("how to treat facial spasm").status, "no_answer")
            self.assertEqual(kb.ask("how to treat facial spasm", threshold=0.2).status, "answer")
        with faq.writer(path) as w:  # an update keeps it
            w.add("extra", "Extra answer.", question="An extra question?")
            w.commit()
        with faq.open(path) as kb:
            self.assertEqual(kb.ask("how to treat facial spasm").status, "no_answer")
        for bad in (1.5, float("nan")):
            with self.assertRaises(faq.InvalidArgument):
                faq.build(os.path.join(self.tmp, "never.index"), SEED, threshold=bad)

    def test_build_with_synonyms(self):
        synonyms = os.path.join(self.tmp, "synonyms.txt")
        with open(synonyms, "w") as f:
            f.write("# abbreviations\nHFS => hemifacial spasm\n")
        path = os.path.join(self.tmp, "synonyms.index")
        faq.build(path, SEED)
        with faq.open(path) as kb:
            self.assertEqual(kb.ask("HFS").passages, [])  # no passage has the word
        faq.build(path, SEED, synonyms=synonyms)
        with faq.open(path) as kb:
            self.assertIn("spasm", kb.ask("HFS").passages[0].title)
        bad = os.path.join(self.tmp, "bad-synonyms.txt")
        with open(bad, "w") as f:
            f.write("twitch, spasm\nlonely\n")
        with self.assertRaises(faq.BadInput) as cm:
            faq.build(path, SEED, synonyms=[synonyms, bad])
        self.assertIn("bad-synonyms.txt:2", str(cm.exception))

    def test_update_visible_to_open_engine(self):
        path = self.records_index("live.index")
        with faq.open(path) as kb:
            before = kb.info().generation
            with faq.writer(path) as w:
                w.add("zoo-1", "The xylophonist plays every Sunday.", question="Who plays the xylophone?")
                self.assertGreater(w.add_path(SEED), 0)
                w.commit()
            kb.reopen()
            self.assertEqual(kb.ask("xylophonist").passages[0].id, "zoo-1")
            self.assertGreater(kb.info().generation, before)
            with faq.writer(path) as w:
                w.add("zoo-1", "The quokka keeper feeds it at noon.")
                w.commit()
            kb.reopen()
            self.assertEqual(kb.ask("quokka keeper").passages[0].id, "zoo-1")
            with faq.writer(path) as w:
                w.remove("zoo-1")
                with self.assertRaises(faq.NotFound):
                    w.remove("zoo-1")
                w.commit()
                with self.assertRaises(faq.InvalidArgument):
                    w.commit()
            kb.reopen()
            self.assertNotIn("zoo-1", [p.id for p in kb.ask("quokka keeper").passages])

    def test_writer_errors(self):
        path = self.records_index("busy.index")
        with faq.writer(path) as w:
            with self.assertRaises(faq.Busy):
                faq.writer(path)
            with self.assertRaises(faq.InvalidArgument):
                w.add("", "answer")
            with self.assertRaises(faq.InvalidUtf8):
                w.add("x", "answer", title=b"\xff")
            with self.assertRaises(faq.NotFound):
                w.add_path(os.path.join(self.tmp, "nothing-here.txt"))
        # Uncommitted work is discarded.
        with faq.open(path) as kb:
            self.assertEqual(kb.info().passages, 2)
        with self.assertRaises(faq.NotFound):
            faq.writer(os.path.join(self.tmp, "no-such.index"))
        nonempty = os.path.join(self.tmp, "not-an-index")
        os.makedirs(nonempty)
        with open(os.path.join(nonempty, "precious.txt"), "w") as f:
            f.write("keep me")
        with self.assertRaises(faq.IOFailure):
            faq.build(nonempty, [SEED])


if __name__ == "__main__":
    unittest.main()
