"""ONNX Runtime inference (no torch): tokenizers -> windows -> tagger -> BIO spans -> cue-anchored grouping.
usage: predict_onnx.py MODEL.onnx OUT.jsonl [split=dev] [threads=2]"""
import sys, time, json
t0 = time.time()
import numpy as np, onnxruntime as ort
from common import *
from group import group

def decode(text, offs, tags):
    """tags: (n,) in {0:O,1:B,2:I} -> list of (start,end) char spans."""
    spans, cur = [], None
    for i, t in enumerate(tags):
        if t == 0:
            if cur: spans.append(cur); cur = None
            continue
        s, e = int(offs[i][0]), int(offs[i][1])
        if cur is not None and (t == 2 or s == cur[1]):   # I, or B glued to the previous wordpiece
            cur = (cur[0], e)
        else:
            if cur: spans.append(cur)
            cur = (s, e)
    if cur: spans.append(cur)
    return spans

def run(sess, tok, text, bs=8):
    ids, offs = encode(tok, text)
    if len(ids) == 0:
        return {r: [] for r in ROLES}
    wins = windows(len(ids))
    outs = []
    for b in range(0, len(wins), bs):
        X, M = batch_windows(ids, wins[b:b + bs])
        lg = sess.run(None, {"input_ids": X, "attention_mask": M})[0]
        if lg.shape[1] < WIN:   # pad the time axis so merge_logits can index uniformly
            lg = np.pad(lg, ((0, 0), (0, WIN - lg.shape[1]), (0, 0)))
        outs.append(lg)
    lg = merge_logits(len(ids), wins, np.concatenate(outs))
    tags = lg.reshape(len(ids), 3, 3).argmax(-1)
    return {r: decode(text, offs, tags[:, k]) for k, r in enumerate(ROLES)}

if __name__ == "__main__":
    path, out = sys.argv[1], sys.argv[2]
    split = sys.argv[3] if len(sys.argv) > 3 else "dev"
    th = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    so = ort.SessionOptions(); so.intra_op_num_threads = th; so.inter_op_num_threads = 1
    sess = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
    tok = load_tokenizer()
    raw = {}
    with open(out, "w") as f:
        for doc in split_docs(split):
            text = read_text(split, doc)
            sp = run(sess, tok, text)
            raw[doc] = sp
            f.write(json.dumps({"doc": doc, "attributions": group(text, sp)}) + "\n")
    el = time.time() - t0
    json.dump(raw, open(out + ".spans.json", "w"))
    print(f"{path}: {el:.2f}s whole process (after interpreter start)")
