"""Copy the in-repo evaluation sets and demo samples out of work/ (synthesized by synth.py).

usage: /usr/bin/python3 make_eval_sets.py [entity] [bias]     (default: both)
Writes (committed):
  eval/entity-dev/            120 utterances, training voices — the ONLY set used for tuning defaults
  eval/entity-test/           first 100 utterances of entity_test, training voices
  eval/entity-test-unseen/    the same 100 sentences spoken by voices held out of training
  eval/lists/{dev,test}-{100,200,1000}.txt   biasing lists: the set's entities + distractors (other held-out names)
  apps/demo/samples/          4 dev utterances + list.txt (their entities + 16 distractors) + manifest.jsonl
  eval/bias-dev/, eval/bias-test/   the honest biasing sets (prepare_bias_text.mjs; voices of held-out families:
                              dev = synth.py DEV_FAMILIES, test = TEST_FAMILIES); bias-test is also the base model's
                              held-out voice-family set
  eval/lists/bias/            their lists: {dev,test}-100-K (K lists of 10 entities + 90 distractors), -1000, -10000
All entities are held out of training and of the LM text. Deterministic.
"""
import json
import os
import random
import shutil
import sys

from synth import RESERVED_VOICES  # kept for an outside evaluation: never in a committed set either

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "work")
ROOT = os.path.join(HERE, "..", "..")


def read_manifest(name):
    return [json.loads(line) for line in open(os.path.join(WORK, "wav", name, "manifest.jsonl")) if line.strip()]


def copy_set(src, dst, rows):
    d = os.path.join(ROOT, dst)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    reserved = [r["id"] for r in rows if r.get("voice") in RESERVED_VOICES]
    assert not reserved, f"{src}: reserved voices in {len(reserved)} utterances, e.g. {reserved[0]}"
    with open(os.path.join(d, "manifest.jsonl"), "w") as f:
        for r in rows:
            shutil.copyfile(os.path.join(WORK, "wav", src, r["audio"]), os.path.join(d, r["audio"]))
            row = {k: r[k] for k in ("id", "audio", "text", "entities", "categories", "voice") if k in r}
            f.write(json.dumps(row) + "\n")


def write_list(path, entities, pool, size, rng):
    words = list(dict.fromkeys(entities))
    others = [w for w in pool if w not in set(words)]
    rng.shuffle(others)
    words += others[: max(0, size - len(words))]
    rng.shuffle(words)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "w").write("\n".join(words) + "\n")


def bias_sets():
    for name in ("bias_dev", "bias_test"):
        copy_set(name, "eval/" + name.replace("_", "-"), read_manifest(name))
    bias_lists = os.path.join(ROOT, "eval", "lists", "bias")
    shutil.rmtree(bias_lists, ignore_errors=True)
    shutil.copytree(os.path.join(WORK, "text", "bias_lists"), bias_lists)


def main():
    which = sys.argv[1:] or ["entity", "bias"]
    if "bias" in which:
        bias_sets()
    if "entity" in which:
        entity_sets()


def entity_sets():
    rng = random.Random(7)
    pool = sorted(open(os.path.join(WORK, "text", "entities_heldout.txt")).read().split())
    dev = read_manifest("entity_dev")
    test = read_manifest("entity_test")[:100]
    unseen = read_manifest("entity_test_unseen")[:100]
    assert [r["text"] for r in test] == [r["text"] for r in unseen]
    copy_set("entity_dev", "eval/entity-dev", dev)
    copy_set("entity_test", "eval/entity-test", test)
    copy_set("entity_test_unseen", "eval/entity-test-unseen", unseen)
    dev_ents = [e for r in dev for e in r["entities"]]
    test_ents = [e for r in test for e in r["entities"]]
    lists = os.path.join(ROOT, "eval", "lists")
    for size in (200, 1000):
        write_list(os.path.join(lists, f"dev-{size}.txt"), dev_ents, pool, size, rng)
    for size in (100, 1000):
        write_list(os.path.join(lists, f"test-{size}.txt"), test_ents, pool, size, rng)
    # demo: four dev utterances from different engines
    picks, seen = [], set()
    for r in dev:
        eng = r["voice"].split(":")[0] + r["voice"].split("+")[0]
        if eng not in seen and r["entities"]:
            seen.add(eng)
            picks.append(r)
        if len(picks) == 4:
            break
    copy_set("entity_dev", "apps/demo/samples", picks)
    write_list(os.path.join(ROOT, "apps", "demo", "samples", "list.txt"), [e for r in picks for e in r["entities"]], pool, 20, rng)
    print(f"dev {len(dev)} ({len(set(dev_ents))} entities), test {len(test)} ({len(set(test_ents))} entities), demo {[r['text'] for r in picks]}")


if __name__ == "__main__":
    main()
