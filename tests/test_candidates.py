import numpy as np

from newstrace.candidates import candidate_pairs, shingle_hashes
from newstrace.candidates.shingles import LONG_SHARE
from newstrace.normalize import prepare

SHARED = "the navy said three warships sailed through the strait on tuesday morning after the exercise ended"


def hashes(text):
    return shingle_hashes(prepare(text).keys)


def test_shared_passage_makes_a_candidate_and_unrelated_text_does_not():
    docs = [SHARED + " officials added nothing.",
            "Local farmers reported a fine harvest of apples this year in the valley.",
            "Reporters were told: " + SHARED]
    pairs = candidate_pairs([hashes(d) for d in docs])
    assert (0, 2) in pairs
    assert (0, 1) not in pairs and (1, 2) not in pairs


OWN = ("reporter {i} wrote about harbour {i} where ferry {i} docked beside tanker {i} while crews {i} "
       "unloaded cargo {i} under cranes {i} and inspectors {i} counted containers {i} before dusk {i}")


def own(name):
    """A text of its own: three sentences whose every 4-gram holds a word made from `name`."""
    return " ".join(OWN.format(i=f"{name}{k}") for k in ("ford", "gate", "holm"))


def test_boilerplate_over_max_df_is_ignored():
    # the shared sentence is under a third of each text: a sign-off, not a copy
    docs = [own(name) + " " + SHARED for name in ("amber", "birch", "cedar", "delta", "ember", "fjord")]
    assert candidate_pairs([hashes(d) for d in docs], max_df=10)
    assert not candidate_pairs([hashes(d) for d in docs], max_df=5)


def test_a_story_copied_more_than_max_df_times_is_found_as_a_star_and_counted_once():
    # 8 copies of one story (each with its own sign-off) and 2 texts sharing only its first sentence
    story = SHARED + " " + own("wire")
    docs = [story + f" filed by desk {i}." for i in range(8)]
    docs += [own(name) + " " + SHARED for name in ("pine", "oak")]
    found = candidate_pairs([hashes(d) for d in docs], max_df=5)
    # the copies meet the first one; counted once, the family and the two texts make 3 holders of
    # the sentence's grams, rare again: each text is paired with the family's first text and the other
    assert sorted(map(tuple, found.pairs.tolist())) == [(0, j) for j in range(1, 10)] + [(8, 9)]
    # a sentence the 8 copies and 5 more texts print is in 6 families: boilerplate still
    docs += [own(name) + " " + SHARED for name in ("elm", "ash", "yew")]
    found = candidate_pairs([hashes(d) for d in docs], max_df=5)
    assert sorted(map(tuple, found.pairs.tolist())) == [(0, j) for j in range(1, 8)]
    assert len(candidate_pairs([hashes(d) for d in docs[:10]], max_df=10)) == 28 + 2 * 8 + 1  # all pairs: rare grams


def test_hashes_are_stable_and_distinct():
    h = hashes(SHARED)
    assert h.dtype == np.uint64 and len(h) == len(set(h.tolist()))
    assert np.array_equal(h, hashes(SHARED))


def test_counts_match_a_brute_force_count_in_any_chunking():
    rng = np.random.default_rng(7)
    shingles = [np.unique(rng.integers(0, 60, size=rng.integers(5, 30)).astype(np.uint64)) for _ in range(40)]
    expected = {}
    for i in range(40):
        for j in range(i + 1, 40):
            shared = len(np.intersect1d(shingles[i], shingles[j]))
            df_ok = [g for g in np.intersect1d(shingles[i], shingles[j])
                     if sum(g in s for s in shingles) <= 8]
            if len(df_ok) >= 3:
                expected[(i, j)] = len(df_ok)
            assert shared >= len(df_ok)
    # and each document with the first of the longer lists holding it, where those are a third of its grams
    star_pairs = []
    for i in range(40):
        for j in range(i + 1, 40):
            long_lists = [g for g in np.intersect1d(shingles[i], shingles[j])
                          if sum(g in s for s in shingles) > 8 and not any(g in s for s in shingles[:i])]
            if len(long_lists) >= 3 and len(long_lists) >= LONG_SHARE * min(len(shingles[i]), len(shingles[j])):
                expected[(i, j)] = expected.get((i, j), 0) + len(long_lists)
                star_pairs.append((i, j))
    # and, each family the long-list pairs join counted once (as its first member holding the gram),
    # the pairs of the long lists that then hold 8 families or fewer
    family = list(range(40))
    for i, j in star_pairs:
        a, b = family[i], family[j]
        family = [min(a, b) if f in (a, b) else f for f in family]
    refound: dict[tuple[int, int], int] = {}
    for g in set(np.concatenate(shingles).tolist()):
        holders = [d for d in range(40) if g in shingles[d]]
        families = sorted({min(d for d in holders if family[d] == f) for f in {family[d] for d in holders}})
        if len(holders) > 8 and 2 <= len(families) <= 8:
            for x in range(len(families)):
                for y in range(x + 1, len(families)):
                    refound[(families[x], families[y])] = refound.get((families[x], families[y]), 0) + 1
    for pair, count in refound.items():
        if count >= 3:
            expected[pair] = expected.get(pair, 0) + count
    assert refound
    for chunk in (7, 1000, 10**7):
        got = candidate_pairs(shingles, max_df=8, min_shared=3, min_share=0, chunk=chunk)
        assert got.as_dict() == expected
        assert np.all(got.pairs[:, 0] < got.pairs[:, 1])
    assert len(star_pairs) >= 5


def test_pairs_are_ordered_so_each_article_is_needed_in_one_stretch():
    from newstrace.pipeline import local_order

    # a chain of 200 articles (each shares text with the next), its pairs given in random order
    rng = np.random.default_rng(0)
    labels = rng.permutation(200)
    pairs = np.array([(labels[i], labels[i + 1]) for i in range(199)])[rng.permutation(199)]
    order = local_order(pairs, 200)
    assert sorted(order.tolist()) == list(range(199))  # every pair, once
    # walking the pairs in that order, an article is seen in at most two consecutive pairs
    seen_at: dict[int, list[int]] = {}
    for step, k in enumerate(order):
        for x in pairs[k]:
            seen_at.setdefault(int(x), []).append(step)
    assert all(max(s) - min(s) <= 1 for s in seen_at.values())


def test_a_paragraph_only_a_later_version_prints_pairs_a_text_with_the_first_copy_that_prints_it():
    """8 copies of a story (more than max_df = 3), the last 4 of a later version that adds a
    paragraph; a text reusing that paragraph is paired with the first copy holding it, not with
    the family's first text, which lacks it (their alignment would find nothing)."""
    story = own("wire")
    added = "officials later said the convoy of trucks reached the northern border crossing before nightfall"
    docs = [story + f" filed by desk {i}." + (" " + added if i >= 4 else "") for i in range(8)]
    docs.append(own("quill") + " " + own("reed") + " " + added)
    found = candidate_pairs([hashes(d) for d in docs], max_df=3)
    with_text = [tuple(p) for p in found.pairs.tolist() if 8 in p]
    assert with_text == [(4, 8)], with_text
