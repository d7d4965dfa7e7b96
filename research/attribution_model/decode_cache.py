"""Cache merged logits + offsets for dev docs with a given model folder."""
import sys, pickle, numpy as np
from pathlib import Path
from quotetrail.neural import Tagger, windows, batch_windows
from quotetrail.evaluate import read_gold
folder, out = Path(sys.argv[1]), sys.argv[2]
gold_dir = sys.argv[3] if len(sys.argv) > 3 else "/work/shared/data/polnear/dev"
t = Tagger(folder)
gold = read_gold(gold_dir)
cfg = t.config
res = {}
for doc, text in gold.texts.items():
    enc = t.tokenizer.encode(text, add_special_tokens=False)
    ids = np.asarray(enc.ids, dtype=np.int64)
    wins = windows(len(ids), cfg.window, cfg.stride)
    logits = []
    for b in range(0, len(wins), cfg.batch):
        x, mask = batch_windows(ids, wins[b:b+cfg.batch], cfg.cls_id, cfg.sep_id)
        logits.extend(t.session.run(None, {"input_ids": x, "attention_mask": mask})[0])
    res[doc] = (enc.offsets, wins, [l for l in logits])
pickle.dump(res, open(out, "wb"))
